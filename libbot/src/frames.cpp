#include "gameserver/bot/frames.hpp"

namespace gameserver::bot {

parsed_frame parse_frame(std::string_view text) {
    parsed_frame out;
    sdk::json doc = sdk::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        out.error = "frame is not JSON";
        return out;
    }
    if (doc.is_object()) {
        out.envelopes.push_back(std::move(doc));
        return out;
    }
    if (!doc.is_array()) {
        out.error = "frame is neither an array nor an object";
        return out;
    }
    for (auto& envelope : doc) {
        if (!envelope.is_object()) {
            out.envelopes.clear();
            out.error = "frame holds a non-object envelope";
            return out;
        }
        out.envelopes.push_back(std::move(envelope));
    }
    return out;
}

}  // namespace gameserver::bot
