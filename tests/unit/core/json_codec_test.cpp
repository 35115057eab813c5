// Byte-exact checks of the Go-compatible writer and of the tolerant inbound decoder.
#include "gameserver/core/json_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace gameserver::core {
namespace {

using sdk::json;

std::string encode_string(std::string_view s) {
    return to_json(json(std::string(s)));
}
std::string encode_double(double d) {
    return to_json(json(d));
}

// ---------------------------------------------------------------------------------------------
// Strings

TEST(JsonCodecEncodeString, PlainAsciiIsCopied) {
    EXPECT_EQ(encode_string("hello world"), R"("hello world")");
    EXPECT_EQ(encode_string(""), R"("")");
    EXPECT_EQ(encode_string("~!@#$%^*()_+-=[]{}|;':,./?`"), R"("~!@#$%^*()_+-=[]{}|;':,./?`")");
}

TEST(JsonCodecEncodeString, QuoteAndBackslash) {
    EXPECT_EQ(encode_string("a\"b"), R"("a\"b")");
    EXPECT_EQ(encode_string("a\\b"), R"("a\\b")");
    EXPECT_EQ(encode_string("\\\""), R"("\\\"")");
}

TEST(JsonCodecEncodeString, ShortControlEscapes) {
    EXPECT_EQ(encode_string("\n"), R"("\n")");
    EXPECT_EQ(encode_string("\r"), R"("\r")");
    EXPECT_EQ(encode_string("\t"), R"("\t")");
    EXPECT_EQ(encode_string("\b"), R"("\b")");
    EXPECT_EQ(encode_string("\f"), R"("\f")");
    EXPECT_EQ(encode_string("a\r\nb"), R"("a\r\nb")");
}

TEST(JsonCodecEncodeString, OtherControlCharsUseLowercaseUnicodeEscapes) {
    EXPECT_EQ(encode_string(std::string_view("\0", 1)), R"("\u0000")");
    EXPECT_EQ(encode_string("\x01"), R"("\u0001")");
    EXPECT_EQ(encode_string("\x0b"), R"("\u000b")");
    EXPECT_EQ(encode_string("\x1a"), R"("\u001a")");
    EXPECT_EQ(encode_string("\x1f"), R"("\u001f")");
    EXPECT_EQ(encode_string("\x7f"), "\"\x7f\"");  // DEL is not escaped by Go
    EXPECT_EQ(encode_string(" "), R"(" ")");
}

TEST(JsonCodecEncodeString, EveryControlByteIsEscaped) {
    for (int c = 0; c < 0x20; ++c) {
        const std::string out = encode_string(std::string(1, static_cast<char>(c)));
        ASSERT_GE(out.size(), 4U) << c;
        EXPECT_EQ(out[1], '\\') << c;
    }
}

TEST(JsonCodecEncodeString, HtmlCharactersAreEscaped) {
    EXPECT_EQ(encode_string("<"), R"("\u003c")");
    EXPECT_EQ(encode_string(">"), R"("\u003e")");
    EXPECT_EQ(encode_string("&"), R"("\u0026")");
    EXPECT_EQ(encode_string("<script>a&b</script>"),
              R"("\u003cscript\u003ea\u0026b\u003c/script\u003e")");
}

TEST(JsonCodecEncodeString, LineAndParagraphSeparatorsAreEscaped) {
    EXPECT_EQ(encode_string("a\xE2\x80\xA8"
                            "b"),
              R"("a\u2028b")");
    EXPECT_EQ(encode_string("\xE2\x80\xA9"), R"("\u2029")");
    // Neighbours of U+2028 stay raw.
    EXPECT_EQ(encode_string("\xE2\x80\xA7"), "\"\xE2\x80\xA7\"");
    EXPECT_EQ(encode_string("\xE2\x80\xAA"), "\"\xE2\x80\xAA\"");
}

TEST(JsonCodecEncodeString, ValidUtf8IsWrittenRaw) {
    EXPECT_EQ(encode_string("caf\xC3\xA9"), "\"caf\xC3\xA9\"");            // é
    EXPECT_EQ(encode_string("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");          // €
    EXPECT_EQ(encode_string("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // 😀
    EXPECT_EQ(encode_string("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF
    EXPECT_EQ(encode_string("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");          // a real U+FFFD
    EXPECT_EQ(encode_string("\xE4\xBD\xA0\xE5\xA5\xBD"), "\"\xE4\xBD\xA0\xE5\xA5\xBD\"");
}

// Go's encodeState.string writes the six characters \ufffd for each invalid byte.
TEST(JsonCodecEncodeString, InvalidUtf8BytesBecomeReplacementEscapes) {
    EXPECT_EQ(encode_string("a\xFF"
                            "b"),
              R"("a\ufffdb")");
    EXPECT_EQ(encode_string("\x80"), R"("\ufffd")");
    EXPECT_EQ(encode_string("\xFE\xFF"), R"("\ufffd\ufffd")");
    // Truncated sequences: every byte is replaced on its own, then decoding resumes.
    EXPECT_EQ(encode_string("\xE2\x82"), R"("\ufffd\ufffd")");
    EXPECT_EQ(encode_string("\xE2\x82x"), R"("\ufffd\ufffdx")");
    EXPECT_EQ(encode_string("\xF0\x9F\x98"), R"("\ufffd\ufffd\ufffd")");
    // Overlong encodings, surrogates and code points above U+10FFFF are invalid.
    EXPECT_EQ(encode_string("\xC0\xAF"), R"("\ufffd\ufffd")");
    EXPECT_EQ(encode_string("\xE0\x80\xAF"), R"("\ufffd\ufffd\ufffd")");
    EXPECT_EQ(encode_string("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");
    EXPECT_EQ(encode_string("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
    EXPECT_EQ(encode_string("\xF5\x80\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
    // A valid sequence right after an invalid byte survives.
    EXPECT_EQ(encode_string("\xFF\xC3\xA9<"), "\"\\ufffd\xC3\xA9\\u003c\"");
}

TEST(JsonCodecEncodeString, ObjectKeysAreEscapedToo) {
    json j = json::object();
    j["a<b\n"] = 1;
    EXPECT_EQ(to_json(j), R"({"a\u003cb\n":1})");
}

// ---------------------------------------------------------------------------------------------
// Numbers

TEST(JsonCodecEncodeNumber, IntegersArePlain) {
    EXPECT_EQ(to_json(json(0)), "0");
    EXPECT_EQ(to_json(json(42)), "42");
    EXPECT_EQ(to_json(json(-7)), "-7");
    EXPECT_EQ(to_json(json(123456789)), "123456789");
    EXPECT_EQ(to_json(json(std::numeric_limits<std::int64_t>::max())), "9223372036854775807");
    EXPECT_EQ(to_json(json(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
    EXPECT_EQ(to_json(json(std::numeric_limits<std::uint64_t>::max())), "18446744073709551615");
}

TEST(JsonCodecEncodeNumber, FloatsUseShortestRoundTripWithoutTrailingZero) {
    EXPECT_EQ(encode_double(1.0), "1");
    EXPECT_EQ(encode_double(100.0), "100");
    EXPECT_EQ(encode_double(10.5), "10.5");
    EXPECT_EQ(encode_double(-2.5), "-2.5");
    EXPECT_EQ(encode_double(13.0 / 200 * 60), "3.9000000000000004");
    EXPECT_EQ(encode_double(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(encode_double(123456789.0), "123456789");
    EXPECT_EQ(encode_double(0.00012345), "0.00012345");
    EXPECT_EQ(encode_double(0.5), "0.5");
}

TEST(JsonCodecEncodeNumber, Zeros) {
    EXPECT_EQ(encode_double(0.0), "0");
    EXPECT_EQ(encode_double(-0.0), "-0");
}

TEST(JsonCodecEncodeNumber, ExponentOnlyBelowOneMillionthOrFromTenToTheTwentyOne) {
    EXPECT_EQ(encode_double(0.000001), "0.000001");
    EXPECT_EQ(encode_double(-0.000001), "-0.000001");
    EXPECT_EQ(encode_double(0.00001), "0.00001");
    EXPECT_EQ(encode_double(9e-7), "9e-7");
    EXPECT_EQ(encode_double(1e-7), "1e-7");
    EXPECT_EQ(encode_double(-1e-7), "-1e-7");
    EXPECT_EQ(encode_double(1.5e-10), "1.5e-10");
    EXPECT_EQ(encode_double(5e-324), "5e-324");
    EXPECT_EQ(encode_double(1e20), "100000000000000000000");
    EXPECT_EQ(encode_double(9.999999999999999e20), "999999999999999900000");
    EXPECT_EQ(encode_double(1e21), "1e+21");
    EXPECT_EQ(encode_double(-1e21), "-1e+21");
    EXPECT_EQ(encode_double(1.5e300), "1.5e+300");
    EXPECT_EQ(encode_double(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
}

// Go pads the shortest digits with zeros; it does not print the exact binary value.
TEST(JsonCodecEncodeNumber, LargePlainFloatsUseShortestDigits) {
    EXPECT_EQ(encode_double(123456789012345680000.0), "123456789012345680000");
    EXPECT_EQ(encode_double(1e19 + 2048), "10000000000000002000");
}

TEST(JsonCodecEncodeNumber, NonFiniteBecomesNull) {
    EXPECT_EQ(encode_double(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(encode_double(std::numeric_limits<double>::infinity()), "null");
    EXPECT_EQ(encode_double(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonCodecEncodeNumber, ParsedFloatsKeepGoFormat) {
    EXPECT_EQ(to_json(json::parse("[1.0,2.50,1E2,1e-7]")), "[1,2.5,100,1e-7]");
}

// ---------------------------------------------------------------------------------------------
// Structure

TEST(JsonCodecEncode, Literals) {
    EXPECT_EQ(to_json(json(nullptr)), "null");
    EXPECT_EQ(to_json(json()), "null");
    EXPECT_EQ(to_json(json(true)), "true");
    EXPECT_EQ(to_json(json(false)), "false");
}

TEST(JsonCodecEncode, EmptyContainers) {
    EXPECT_EQ(to_json(json::array()), "[]");
    EXPECT_EQ(to_json(json::object()), "{}");
    EXPECT_EQ(to_json(json::parse(R"({"a":[],"b":{},"c":[{},[]]})")),
              R"({"a":[],"b":{},"c":[{},[]]})");
}

TEST(JsonCodecEncode, KeyInsertionOrderIsKept) {
    json j = json::object();
    j["zeta"] = 1;
    j["alpha"] = 2;
    j["mid"] = 3;
    EXPECT_EQ(to_json(j), R"({"zeta":1,"alpha":2,"mid":3})");
}

TEST(JsonCodecEncode, NestedStructuresHaveNoWhitespace) {
    const json j = json::parse(R"( { "b" : [ 1 , { "x" : null , "y" : [ true , "s" ] } ] ,
                                    "a" : { "k" : -1.5 } } )");
    EXPECT_EQ(to_json(j), R"({"b":[1,{"x":null,"y":[true,"s"]}],"a":{"k":-1.5}})");
}

TEST(JsonCodecEncode, BinaryValuesAreNull) {
    EXPECT_EQ(to_json(json::binary({1, 2, 3})), "null");
    json j = json::object();
    j["blob"] = json::binary({9});
    EXPECT_EQ(to_json(j), R"({"blob":null})");
}

TEST(JsonCodecEncode, AppendJsonAppendsToExistingBuffer) {
    std::string out = "[";
    append_json(out, json("x"));
    out.push_back(',');
    append_json(out, json(1));
    out.push_back(']');
    EXPECT_EQ(out, R"(["x",1])");
}

TEST(JsonCodecEncode, TicTacToeGameState) {
    json state = json::object();
    state["board"] = json::array(
        {json::array({"X", "", ""}), json::array({"", "O", ""}), json::array({"", "", ""})});
    state["players"] = json::object();
    state["players"]["11111111-1111-4111-8111-111111111111"] = {{"symbol", "X"},
                                                                {"name", "Player X"}};
    state["currentTurn"] = "11111111-1111-4111-8111-111111111111";
    state["winner"] = "";
    state["gameOver"] = false;
    state["drawGame"] = false;
    EXPECT_EQ(encode_envelope("game_state", state),
              R"({"type":"game_state","success":true,"data":{"board":[["X","",""],["","O",""],)"
              R"(["","",""]],"players":{"11111111-1111-4111-8111-111111111111":{"symbol":"X",)"
              R"("name":"Player X"}},"currentTurn":"11111111-1111-4111-8111-111111111111",)"
              R"("winner":"","gameOver":false,"drawGame":false}})");
}

// ---------------------------------------------------------------------------------------------
// Envelopes

TEST(JsonCodecEnvelope, SuccessWithData) {
    EXPECT_EQ(encode_envelope("welcome", json{{"message", "hi <you>"}}),
              R"({"type":"welcome","success":true,"data":{"message":"hi \u003cyou\u003e"}})");
    EXPECT_EQ(encode_envelope("room_list_update", json::array()),
              R"({"type":"room_list_update","success":true,"data":[]})");
}

TEST(JsonCodecEnvelope, NullDataIsWritten) {
    EXPECT_EQ(encode_envelope("story_update", json(nullptr)),
              R"({"type":"story_update","success":true,"data":null})");
}

TEST(JsonCodecEnvelope, SuccessWithoutData) {
    EXPECT_EQ(encode_envelope("leave_room_result"),
              R"({"type":"leave_room_result","success":true})");
    EXPECT_EQ(encode_envelope("add_bot_result"), R"({"type":"add_bot_result","success":true})");
}

TEST(JsonCodecEnvelope, Error) {
    EXPECT_EQ(encode_error("error", "not your turn", sdk::error_code::not_your_turn),
              R"({"type":"error","success":false,"error":"not your turn","code":"NOT_YOUR_TURN"})");
    EXPECT_EQ(encode_error("error", "invalid message format", sdk::error_code::bad_request),
              R"({"type":"error","success":false,"error":"invalid message format",)"
              R"("code":"BAD_REQUEST"})");
    EXPECT_EQ(encode_error("join_room_result", "player name is required",
                           sdk::error_code::invalid_payload),
              R"({"type":"join_room_result","success":false,"error":"player name is required",)"
              R"("code":"INVALID_PAYLOAD"})");
}

TEST(JsonCodecEnvelope, ErrorTextIsEscaped) {
    EXPECT_EQ(
        encode_error("error", "Unknown message type: <\"x\">", sdk::error_code::unknown_type),
        R"({"type":"error","success":false,"error":"Unknown message type: \u003c\"x\"\u003e",)"
        R"("code":"UNKNOWN_TYPE"})");
}

TEST(JsonCodecEnvelope, EmptyErrorIsOmittedLikeGoOmitempty) {
    EXPECT_EQ(encode_error("x", "", sdk::error_code::internal),
              R"({"type":"x","success":false,"code":"INTERNAL"})");
}

TEST(JsonCodecEnvelope, TypeIsEscaped) {
    EXPECT_EQ(encode_envelope("a&b"), R"({"type":"a\u0026b","success":true})");
}

// ---------------------------------------------------------------------------------------------
// json_depth

TEST(JsonCodecDepth, CountsNesting) {
    EXPECT_EQ(json_depth("", 10), 0U);
    EXPECT_EQ(json_depth("1", 10), 0U);
    EXPECT_EQ(json_depth(R"("x")", 10), 0U);
    EXPECT_EQ(json_depth("{}", 10), 1U);
    EXPECT_EQ(json_depth("[]", 10), 1U);
    EXPECT_EQ(json_depth(R"({"a":[1]})", 10), 2U);
    EXPECT_EQ(json_depth(R"([[],[[]],[]])", 10), 3U);
    EXPECT_EQ(json_depth(R"({"a":{"b":{}},"c":[]})", 10), 3U);
}

TEST(JsonCodecDepth, IgnoresBracketsInsideStrings) {
    EXPECT_EQ(json_depth(R"({"a":"[[[{{{"})", 10), 1U);
    EXPECT_EQ(json_depth(R"({"[[[":1})", 10), 1U);
    // An escaped quote does not end the string ...
    EXPECT_EQ(json_depth(R"({"a":"\"[[["})", 10), 1U);
    // ... but an escaped backslash followed by a quote does.
    EXPECT_EQ(json_depth(R"({"a":"\\","b":[[1]]})", 10), 3U);
}

TEST(JsonCodecDepth, StopsEarlyOnceOverTheLimit) {
    const std::string deep(1000, '[');
    EXPECT_EQ(json_depth(deep, 10), 11U);
    EXPECT_EQ(json_depth(deep, 2000), 1000U);
}

TEST(JsonCodecDepth, StrayClosersDoNotUnderflow) {
    EXPECT_EQ(json_depth("]]]}{", 10), 1U);
}

// ---------------------------------------------------------------------------------------------
// decode_inbound

constexpr std::size_t k_limit = 64;

inbound_message decode_ok(std::string_view frame) {
    const decode_result result = decode_inbound(frame, k_limit);
    EXPECT_TRUE(result.message.has_value()) << frame;
    return result.message.value_or(inbound_message{});
}

void expect_invalid(std::string_view frame) {
    const decode_result result = decode_inbound(frame, k_limit);
    EXPECT_FALSE(result.message.has_value()) << frame;
    EXPECT_EQ(result.failure, decode_failure::invalid) << frame;
}

TEST(JsonCodecDecode, TypeAndData) {
    const inbound_message m = decode_ok(R"({"type":"make_move","data":{"row":1,"col":2}})");
    EXPECT_EQ(m.type, "make_move");
    EXPECT_TRUE(m.has_data);
    EXPECT_EQ(to_json(m.data), R"({"row":1,"col":2})");
}

TEST(JsonCodecDecode, DataKeepsKeyOrderAndRawTypes) {
    const inbound_message m =
        decode_ok(R"({"data":{"z":1.5,"a":[true,null,"s"],"m":{}}, "type" : "x" })");
    EXPECT_EQ(m.type, "x");
    EXPECT_EQ(to_json(m.data), R"({"z":1.5,"a":[true,null,"s"],"m":{}})");
}

TEST(JsonCodecDecode, DataMayBeAnyJsonValue) {
    EXPECT_EQ(decode_ok(R"({"type":"ready","data":true})").data, json(true));
    EXPECT_EQ(decode_ok(R"({"type":"x","data":7})").data, json(7));
    EXPECT_EQ(decode_ok(R"({"type":"x","data":"s"})").data, json("s"));
    EXPECT_EQ(to_json(decode_ok(R"({"type":"x","data":[1,2]})").data), "[1,2]");
}

TEST(JsonCodecDecode, DataAbsentVersusNull) {
    const inbound_message absent = decode_ok(R"({"type":"leave_room"})");
    EXPECT_EQ(absent.type, "leave_room");
    EXPECT_FALSE(absent.has_data);
    EXPECT_TRUE(absent.data.is_null());

    const inbound_message null_data = decode_ok(R"({"type":"leave_room","data":null})");
    EXPECT_TRUE(null_data.has_data);
    EXPECT_TRUE(null_data.data.is_null());
}

TEST(JsonCodecDecode, KeysMatchCaseInsensitively) {
    const inbound_message upper = decode_ok(R"({"TYPE":"join_room","Data":{"roomID":"r1"}})");
    EXPECT_EQ(upper.type, "join_room");
    EXPECT_TRUE(upper.has_data);
    std::string room;
    EXPECT_TRUE(read_string(upper.data, "roomId", room));
    EXPECT_EQ(room, "r1");

    const inbound_message mixed = decode_ok(R"({"tYpE":"a","DATA":1})");
    EXPECT_EQ(mixed.type, "a");
    EXPECT_EQ(mixed.data, json(1));
}

TEST(JsonCodecDecode, TypeValueIsCaseSensitive) {
    EXPECT_EQ(decode_ok(R"({"type":"Join_Room"})").type, "Join_Room");
    EXPECT_EQ(decode_ok(R"({"type":""})").type, "");
}

TEST(JsonCodecDecode, UnknownKeysAreIgnored) {
    const inbound_message m =
        decode_ok(R"({"foo":[1,{"type":"nested"}],"type":"x","gameTypeX":5,"roomId":"r"})");
    EXPECT_EQ(m.type, "x");
    EXPECT_FALSE(m.has_data);
}

TEST(JsonCodecDecode, DuplicateKeysLastWins) {
    EXPECT_EQ(decode_ok(R"({"type":"a","type":"b"})").type, "b");
    EXPECT_EQ(decode_ok(R"({"data":1,"type":"t","data":2})").data, json(2));
}

TEST(JsonCodecDecode, DifferentlyCasedDuplicatesLastInDocumentWins) {
    EXPECT_EQ(decode_ok(R"({"type":"a","TYPE":"b"})").type, "b");
    EXPECT_EQ(decode_ok(R"({"TYPE":"a","type":"b"})").type, "b");
    // ordered_json keeps "type" at its first position; Go takes the third key.
    EXPECT_EQ(decode_ok(R"({"type":"a","TYPE":"b","type":"c"})").type, "c");
    EXPECT_EQ(decode_ok(R"({"TYPE":"a","type":"b","TYPE":"c"})").type, "c");

    const inbound_message data = decode_ok(R"({"type":"t","Data":1,"data":2,"Data":3})");
    EXPECT_EQ(data.data, json(3));
    const inbound_message null_last = decode_ok(R"({"type":"t","data":{"a":1},"DATA":null})");
    EXPECT_TRUE(null_last.has_data);
    EXPECT_TRUE(null_last.data.is_null());
}

TEST(JsonCodecDecode, NullTypeDoesNotOverwriteAString) {
    EXPECT_EQ(decode_ok(R"({"type":"a","TYPE":null})").type, "a");
}

TEST(JsonCodecDecode, TopLevelMustBeAnObject) {
    expect_invalid(R"([{"type":"x"}])");
    expect_invalid("[]");
    expect_invalid(R"("type")");
    expect_invalid("42");
    expect_invalid("null");
    expect_invalid("true");
}

// Go decodes a missing or null `type` into its zero value, "": the router then answers
// `Unknown message type: ` (or forwards "" to the room's game).
TEST(JsonCodecDecode, MissingOrNullTypeIsTheEmptyType) {
    EXPECT_EQ(decode_ok("{}").type, "");
    EXPECT_EQ(decode_ok(R"({"type":null})").type, "");
    const inbound_message no_type = decode_ok(R"({"data":{"a":1}})");
    EXPECT_EQ(no_type.type, "");
    EXPECT_TRUE(no_type.has_data);
}

TEST(JsonCodecDecode, TypeMustBeAString) {
    expect_invalid(R"({"type":5})");
    expect_invalid(R"({"type":true})");
    expect_invalid(R"({"type":["x"]})");
    expect_invalid(R"({"type":{"a":1}})");
    // Go fails the whole decode if any matching key has the wrong type.
    expect_invalid(R"({"type":"a","TYPE":5})");
}

TEST(JsonCodecDecode, RoomIdAndGameTypeMustBeStringsWhenPresent) {
    EXPECT_EQ(decode_ok(R"({"type":"x","roomId":"r","gameType":"g"})").type, "x");
    EXPECT_EQ(decode_ok(R"({"type":"x","ROOMID":null,"gametype":null})").type, "x");
    expect_invalid(R"({"type":"x","roomId":5})");
    expect_invalid(R"({"type":"x","gameType":["g"]})");
}

TEST(JsonCodecDecode, NotJsonIsInvalid) {
    expect_invalid("");
    expect_invalid("   ");
    expect_invalid("not json");
    expect_invalid(R"({"type":"x")");
    expect_invalid(R"({"type":"x"} trailing)");
    expect_invalid(R"({"type":"x"}{"type":"y"})");
    expect_invalid(R"({type:"x"})");
    expect_invalid(R"({"type":'x'})");
    expect_invalid(R"({"type":"x",})");
    expect_invalid("{\"type\":\"a\nb\"}");           // raw control character in a string
    expect_invalid("\xEF\xBB\xBF{\"type\":\"x\"}");  // Go rejects a byte-order mark
    expect_invalid(R"({"type":"x"} // comment)");
}

TEST(JsonCodecDecode, WhitespaceAroundIsAccepted) {
    EXPECT_EQ(decode_ok(" \r\n\t{ \"type\" : \"x\" } \n").type, "x");
}

// Go decodes invalid UTF-8 and unpaired surrogate escapes to U+FFFD instead of failing.
TEST(JsonCodecDecode, InvalidUtf8AndLoneSurrogatesBecomeReplacementCharacters) {
    EXPECT_EQ(decode_ok("{\"type\":\"a\xFF"
                        "b\"}")
                  .type,
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(decode_ok(R"({"type":"\ud800x"})").type, "\xEF\xBF\xBDx");
    EXPECT_EQ(decode_ok(R"({"type":"\udc00"})").type, "\xEF\xBF\xBD");
    EXPECT_EQ(decode_ok(R"({"type":"\ud83d\ude00"})").type, "\xF0\x9F\x98\x80");
    const inbound_message m = decode_ok("{\"type\":\"t\",\"data\":{\"name\":\"\xC0\"}}");
    EXPECT_EQ(m.data.at("name"), "\xEF\xBF\xBD");
}

TEST(JsonCodecDecode, EscapesInKeysAndValues) {
    const inbound_message m = decode_ok(R"({"\u0074ype":"a\"b\\c\u00e9","data":"\n"})");
    EXPECT_EQ(m.type, "a\"b\\c\xC3\xA9");
    EXPECT_EQ(m.data, json("\n"));
}

TEST(JsonCodecDecode, TooDeepIsRejectedBeforeParsing) {
    const std::string unclosed(1000, '[');
    decode_result result = decode_inbound(unclosed, k_limit);
    EXPECT_FALSE(result.message.has_value());
    EXPECT_EQ(result.failure, decode_failure::too_deep);

    const std::string balanced = std::string(1000, '[') + std::string(1000, ']');
    result = decode_inbound(balanced, k_limit);
    EXPECT_FALSE(result.message.has_value());
    EXPECT_EQ(result.failure, decode_failure::too_deep);

    const std::string in_data =
        R"({"type":"x","data":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
    result = decode_inbound(in_data, k_limit);
    EXPECT_EQ(result.failure, decode_failure::too_deep);
}

std::string frame_with_depth(std::size_t depth) {
    // The envelope object is level 1; `data` adds depth - 1 nested arrays.
    return R"({"type":"x","data":)" + std::string(depth - 1, '[') + std::string(depth - 1, ']') +
           "}";
}

TEST(JsonCodecDecode, DepthExactlyAtTheLimitIsAccepted) {
    ASSERT_EQ(json_depth(frame_with_depth(k_limit), 1000), k_limit);
    const decode_result at_limit = decode_inbound(frame_with_depth(k_limit), k_limit);
    ASSERT_TRUE(at_limit.message.has_value());
    EXPECT_EQ(at_limit.message->type, "x");
    EXPECT_EQ(json_depth(to_json(at_limit.message->data), 1000), k_limit - 1);

    const decode_result over = decode_inbound(frame_with_depth(k_limit + 1), k_limit);
    EXPECT_FALSE(over.message.has_value());
    EXPECT_EQ(over.failure, decode_failure::too_deep);
}

TEST(JsonCodecDecode, BracketsInsideStringsDoNotCountAsDepth) {
    const std::string frame = R"({"type":")" + std::string(500, '[') + R"("})";
    const decode_result result = decode_inbound(frame, 2);
    ASSERT_TRUE(result.message.has_value());
    EXPECT_EQ(result.message->type, std::string(500, '['));
}

// The plain envelope {"type":"...","data":...} is read without parsing the outer object; a
// leading space keeps a frame off that path (same JSON), so each pair must decode alike.
TEST(JsonCodecDecode, ThePlainEnvelopePathDecidesLikeTheGeneralOne) {
    const std::vector<std::string> frames = {
        R"({"type":"make_move","data":{"row":1,"col":2}})",
        R"({"type":"leave_room"})",
        R"({"type":""})",
        R"({"type":"","data":null})",
        R"({"type":"x","data":null})",
        R"({"type":"x","data":7})",
        R"({"type":"x","data":"s"})",
        R"({"type":"x","data":[1,{"a":[]}]})",
        R"({"type":"x","data":1 })",
        R"({"type":"x","data":})",
        R"({"type":"x","data":{"a":1}}})",
        R"({"type":"x","data":{"a":1},"type":"y"})",
        R"({"type":"x","data":{"a":1},"TYPE":"y"})",
        R"({"type":"x","data":{"a":1},"roomId":5})",
        R"({"type":"x","data":{"a":1},"data":2})",
        R"({"type":"x","data":1,"extra":true})",
        R"({"type":"x\"y","data":1})",
        R"({"type":"\u0041","data":1})",
        "{\"type\":\"caf\xC3\xA9\",\"data\":1}",  // UTF-8 in the type
        "{\"type\":\"x\",\"data\":\"\xFF\"}",     // invalid UTF-8
        R"({"type":"x","data":"a\ud800"})",
        R"({"type":"x","data":{"s":"<&>"}})",
        R"({"type":"x")",
        R"({"type":"x"})"
        "}",
        R"({"type":"x",)"
        "}",
        R"({"type":"x","data":1.50})",
        R"({"type":"x","data":-0})",
        R"({"type":"x","data":1e400})",
    };
    for (const auto& frame : frames) {
        const decode_result plain = decode_inbound(frame, k_limit);
        const decode_result general = decode_inbound(" " + frame, k_limit);
        ASSERT_EQ(plain.message.has_value(), general.message.has_value()) << frame;
        if (!plain.message) {
            EXPECT_EQ(plain.failure, general.failure) << frame;
            continue;
        }
        EXPECT_EQ(plain.message->type, general.message->type) << frame;
        EXPECT_EQ(plain.message->has_data, general.message->has_data) << frame;
        EXPECT_EQ(to_json(plain.message->data), to_json(general.message->data)) << frame;
    }
}

TEST(JsonCodecDecode, ZeroLimitRejectsAnyObject) {
    EXPECT_EQ(decode_inbound(R"({"type":"x"})", 0).failure, decode_failure::too_deep);
}

// ---------------------------------------------------------------------------------------------
// find_field and typed reads

TEST(JsonCodecFindField, CaseInsensitiveLookup) {
    const json j = json::parse(R"({"roomID":"r","Name":"n","other":1})");
    ASSERT_NE(find_field(j, "roomId"), nullptr);
    EXPECT_EQ(*find_field(j, "roomId"), "r");
    EXPECT_EQ(*find_field(j, "NAME"), "n");
    EXPECT_EQ(find_field(j, "missing"), nullptr);
    EXPECT_EQ(find_field(j, "roomI"), nullptr);
    EXPECT_EQ(find_field(j, "roomIdd"), nullptr);
}

TEST(JsonCodecFindField, LastMatchingKeyWins) {
    const json j = json::parse(R"({"name":"a","NAME":"b","Name":"c"})");
    EXPECT_EQ(*find_field(j, "name"), "c");
}

TEST(JsonCodecFindField, NonObjectsHaveNoFields) {
    EXPECT_EQ(find_field(json(nullptr), "a"), nullptr);
    EXPECT_EQ(find_field(json::array({1}), "a"), nullptr);
    EXPECT_EQ(find_field(json("a"), "a"), nullptr);
}

// encoding/json folds with ToUpper(ToLower(r)): these non-ASCII runes reach ASCII letters.
TEST(JsonCodecFindField, GoSpecialFolds) {
    const json j = json::parse(
        "{\"\xE2\x84\xAAind\":1,\"\xC5\xBFymbol\":2,\"\xC4\xB1"
        "d\":3,\"\xC4\xB0nfo\":4,\"caf\xC3\xA9\":5}");
    ASSERT_NE(find_field(j, "kind"), nullptr);
    EXPECT_EQ(*find_field(j, "kind"), 1);
    ASSERT_NE(find_field(j, "SYMBOL"), nullptr);
    EXPECT_EQ(*find_field(j, "SYMBOL"), 2);
    ASSERT_NE(find_field(j, "id"), nullptr);
    EXPECT_EQ(*find_field(j, "id"), 3);
    ASSERT_NE(find_field(j, "info"), nullptr);
    EXPECT_EQ(*find_field(j, "info"), 4);
    ASSERT_NE(find_field(j, "caf\xC3\xA9"), nullptr);
    EXPECT_EQ(find_field(j, "cafe"), nullptr);
}

const json& sample() {
    static const json j = json::parse(R"({
        "s": "str", "i": 42, "neg": -7, "zero": 0, "negzero": -0,
        "f": 1.5, "one": 1.0, "exp": 1e2, "big": 1e30, "huge": 123456789012345678901234,
        "u64max": 18446744073709551615, "i64max": 9223372036854775807,
        "i64min": -9223372036854775808, "b": true, "bf": false, "n": null,
        "arr": [1], "obj": {}, "RoomID": "r1", "numstr": "5", "boolstr": "true"
    })");
    return j;
}

TEST(JsonCodecReadInt, AcceptsJsonIntegers) {
    std::int64_t v = -1;
    EXPECT_TRUE(read_int(sample(), "i", v));
    EXPECT_EQ(v, 42);
    EXPECT_TRUE(read_int(sample(), "neg", v));
    EXPECT_EQ(v, -7);
    EXPECT_TRUE(read_int(sample(), "zero", v));
    EXPECT_EQ(v, 0);
    v = 9;
    EXPECT_TRUE(read_int(sample(), "negzero", v));
    EXPECT_EQ(v, 0);
    EXPECT_TRUE(read_int(sample(), "I", v));
    EXPECT_EQ(v, 42);
    EXPECT_TRUE(read_int(sample(), "i64max", v));
    EXPECT_EQ(v, std::numeric_limits<std::int64_t>::max());
    EXPECT_TRUE(read_int(sample(), "i64min", v));
    EXPECT_EQ(v, std::numeric_limits<std::int64_t>::min());
}

TEST(JsonCodecReadInt, MismatchesFailAndLeaveOutUnchanged) {
    for (const char* name :
         {"s", "f", "one", "exp", "big", "huge", "u64max", "b", "bf", "arr", "obj", "numstr"}) {
        std::int64_t v = 77;
        EXPECT_FALSE(read_int(sample(), name, v)) << name;
        EXPECT_EQ(v, 77) << name;
    }
}

TEST(JsonCodecReadInt, NullOrMissingKeepsDefault) {
    std::int64_t v = 5;
    EXPECT_TRUE(read_int(sample(), "n", v));
    EXPECT_EQ(v, 5);
    EXPECT_TRUE(read_int(sample(), "missing", v));
    EXPECT_EQ(v, 5);
}

TEST(JsonCodecReadString, AcceptsOnlyStrings) {
    std::string v = "default";
    EXPECT_TRUE(read_string(sample(), "s", v));
    EXPECT_EQ(v, "str");
    EXPECT_TRUE(read_string(sample(), "roomId", v));
    EXPECT_EQ(v, "r1");
    for (const char* name : {"i", "f", "b", "arr", "obj"}) {
        std::string w = "keep";
        EXPECT_FALSE(read_string(sample(), name, w)) << name;
        EXPECT_EQ(w, "keep") << name;
    }
}

TEST(JsonCodecReadString, NullOrMissingKeepsDefault) {
    std::string v = "default";
    EXPECT_TRUE(read_string(sample(), "n", v));
    EXPECT_EQ(v, "default");
    EXPECT_TRUE(read_string(sample(), "missing", v));
    EXPECT_EQ(v, "default");
}

TEST(JsonCodecReadBool, AcceptsOnlyBooleans) {
    bool v = false;
    EXPECT_TRUE(read_bool(sample(), "b", v));
    EXPECT_TRUE(v);
    EXPECT_TRUE(read_bool(sample(), "BF", v));
    EXPECT_FALSE(v);
    for (const char* name : {"i", "zero", "s", "boolstr", "arr", "obj", "f"}) {
        bool w = true;
        EXPECT_FALSE(read_bool(sample(), name, w)) << name;
        EXPECT_TRUE(w) << name;
    }
    bool kept = true;
    EXPECT_TRUE(read_bool(sample(), "n", kept));
    EXPECT_TRUE(read_bool(sample(), "missing", kept));
    EXPECT_TRUE(kept);
}

// Go: decoding `null` into a struct succeeds and leaves every field at its default.
TEST(JsonCodecTypedReads, NullObjectSucceedsWithDefaults) {
    const json null_object(nullptr);
    std::string s = "s";
    std::int64_t i = 3;
    bool b = true;
    EXPECT_TRUE(read_string(null_object, "a", s));
    EXPECT_TRUE(read_int(null_object, "a", i));
    EXPECT_TRUE(read_bool(null_object, "a", b));
    EXPECT_EQ(s, "s");
    EXPECT_EQ(i, 3);
    EXPECT_TRUE(b);
}

TEST(JsonCodecTypedReads, NonObjectFails) {
    for (const json& not_object : {json::array({1}), json(5), json("str"), json(true)}) {
        std::string s = "s";
        std::int64_t i = 3;
        bool b = true;
        EXPECT_FALSE(read_string(not_object, "a", s));
        EXPECT_FALSE(read_int(not_object, "a", i));
        EXPECT_FALSE(read_bool(not_object, "a", b));
        EXPECT_EQ(s, "s");
        EXPECT_EQ(i, 3);
        EXPECT_TRUE(b);
    }
}

TEST(JsonCodecTypedReads, IsObjectOrNull) {
    EXPECT_TRUE(is_object_or_null(json::object()));
    EXPECT_TRUE(is_object_or_null(json::parse(R"({"a":1})")));
    EXPECT_TRUE(is_object_or_null(json(nullptr)));
    EXPECT_FALSE(is_object_or_null(json::array()));
    EXPECT_FALSE(is_object_or_null(json(1)));
    EXPECT_FALSE(is_object_or_null(json("x")));
    EXPECT_FALSE(is_object_or_null(json(false)));
}

TEST(JsonCodecTypedReads, MakeMoveRoundTrip) {
    const decode_result result =
        decode_inbound(R"({"type":"make_move","data":{"Row":1,"col":2}})", k_limit);
    ASSERT_TRUE(result.message.has_value());
    ASSERT_TRUE(is_object_or_null(result.message->data));
    std::int64_t row = -1;
    std::int64_t col = -1;
    EXPECT_TRUE(read_int(result.message->data, "row", row));
    EXPECT_TRUE(read_int(result.message->data, "col", col));
    EXPECT_EQ(row, 1);
    EXPECT_EQ(col, 2);
}

}  // namespace
}  // namespace gameserver::core

namespace gameserver::core {
namespace {

// sdk::json_writer writes what to_json() writes for the same tree: commas, nesting, empty
// containers, every scalar kind and the string escapes.
TEST(JsonWriter, WritesTheBytesOfTheTreeEncoder) {
    sdk::json_writer out;
    out.begin_object();
    out.key("empty object").begin_object().end_object();
    out.key("empty array").begin_array().end_array();
    out.key("nested").begin_array();
    out.begin_array().value(1).value(-2).end_array();
    out.begin_object().key("k").null().end_object();
    out.value(std::int64_t{-9'007'199'254'740'993}).end_array();
    out.key("flags").begin_array().value(true).value(false).end_array();
    out.key("<&>\xff").value("tab\there \u2028 \"quoted\" \\ \x01");
    out.end_object();
    sdk::json tree = sdk::json::parse(
        R"({"empty object":{},"empty array":[],"nested":[[1,-2],{"k":null},-9007199254740993],)"
        R"("flags":[true,false]})");
    // Set, not parsed: the parser would not take the invalid byte that both must write as \ufffd.
    tree["<&>\xff"] = "tab\there \u2028 \"quoted\" \\ \x01";
    EXPECT_EQ(std::move(out).take().text, to_json(tree));
}

}  // namespace
}  // namespace gameserver::core
