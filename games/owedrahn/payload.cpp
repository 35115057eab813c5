#include "owedrahn/payload.hpp"

#include <initializer_list>
#include <string_view>

namespace gameserver::games::owedrahn {
namespace {

// ASCII case folding: every key this game reads is plain ASCII without 'k' or 's', so Go's
// extra Unicode folds (the Kelvin sign, the long s) cannot match them either.
bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// encoding/json's name for a JSON value in UnmarshalTypeError.
std::string kind_name(const sdk::json& value) {
    if (value.is_number()) return "number";
    if (value.is_string()) return "string";
    if (value.is_boolean()) return "bool";
    if (value.is_array()) return "array";
    if (value.is_object()) return "object";
    return "null";
}

struct field_def {
    std::string_view name;  // the Go struct's json tag
    std::string* text = nullptr;
    double* number = nullptr;
};

// Decodes `data` into the fields; the first error in key order, or nullopt.
std::optional<std::string> decode_object(const sdk::json& data, std::string_view go_type,
                                         std::initializer_list<field_def> fields) {
    if (sdk::is_absent(data)) return std::string("unexpected end of JSON input");
    if (data.is_null()) return std::nullopt;
    if (!data.is_object()) {
        return "json: cannot unmarshal " + kind_name(data) + " into Go value of type owe_drahn." +
               std::string(go_type);
    }
    std::optional<std::string> first_error;
    for (const auto& [key, value] : data.items()) {
        for (const auto& f : fields) {
            if (!equals_ignore_case(key, f.name)) continue;
            if (value.is_null()) break;  // leaves the field as it was
            if (f.text && value.is_string()) {
                *f.text = value.get<std::string>();
            } else if (f.number && value.is_number()) {
                *f.number = value.get<double>();
            } else if (!first_error) {
                first_error = "json: cannot unmarshal " + kind_name(value) +
                              " into Go struct field " + std::string(go_type) + "." +
                              std::string(f.name) + " of type " + (f.text ? "string" : "float64");
            }
            break;
        }
    }
    return first_error;
}

template <typename T>
decoded<T> result(T value, std::optional<std::string> error) {
    if (error) return std::move(*error);
    return value;
}

}  // namespace

std::optional<bool> decode_ready(const sdk::json& data) {
    if (sdk::is_absent(data)) return std::nullopt;
    if (data.is_null()) return false;
    if (!data.is_boolean()) return std::nullopt;
    return data.get<bool>();
}

decoded<handshake_payload> decode_handshake(const sdk::json& data) {
    handshake_payload out;
    auto error = decode_object(data, "HandshakePayload", {{"uid", &out.uid, nullptr}});
    return result(std::move(out), std::move(error));
}

decoded<main_bet_payload> decode_main_bet(const sdk::json& data) {
    main_bet_payload out;
    auto error = decode_object(data, "MainBetPayload", {{"amount", nullptr, &out.amount}});
    return result(out, std::move(error));
}

decoded<next_player_payload> decode_next_player(const sdk::json& data) {
    next_player_payload out;
    auto error =
        decode_object(data, "NextPlayerPayload", {{"nextPlayerId", &out.next_player_id, nullptr}});
    return result(std::move(out), std::move(error));
}

decoded<propose_payload> decode_propose(const sdk::json& data) {
    propose_payload out;
    auto error = decode_object(
        data, "SidebetProposalPayload",
        {{"opponentId", &out.opponent_id, nullptr}, {"amount", nullptr, &out.amount}});
    return result(std::move(out), std::move(error));
}

decoded<bet_id_payload> decode_bet_id(const sdk::json& data) {
    bet_id_payload out;
    auto error = decode_object(data, "SidebetAcceptPayload", {{"betId", &out.bet_id, nullptr}});
    return result(std::move(out), std::move(error));
}

}  // namespace gameserver::games::owedrahn
