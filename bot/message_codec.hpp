#pragma once
// JSON forms of the neutral types, as stored in the inbox and outbox. Decoding never throws: a row
// that no longer decodes is reported, not crashed on.
#include <optional>
#include <string>

#include "bot/incoming_event.hpp"
#include "bot/outgoing_message.hpp"

namespace ambassador {

std::string encode_event(const IncomingEvent& event);
std::optional<IncomingEvent> decode_event(const std::string& json);
std::string encode_message(const OutgoingMessage& message);
std::optional<OutgoingMessage> decode_message(const std::string& json);
std::string encode_destination(const Destination& destination);
std::optional<Destination> decode_destination(const std::string& json);

// JSON text of any string, with invalid UTF-8 replaced (U+FFFD) instead of throwing.
std::string safe_dump_string(const std::string& text);

}  // namespace ambassador
