// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

namespace NetCore {

class FrameCodec;

/** The framings of the codec family (docs/protocol.md, "Other framings"). */
enum class Framing {
    Wb1,
    Line,
    Len2Be,
    Len2Le,
    Len4Be,
    Len4Le,
    Raw,
};

/** Every framing, in the order users see them. */
inline constexpr Framing allFramings[] = {Framing::Wb1,    Framing::Line,   Framing::Len2Be, Framing::Len2Le,
                                          Framing::Len4Be, Framing::Len4Le, Framing::Raw};

/** The command-line and session-file name of a framing: "wb1", "line", "len4be", ... */
QString framingName(Framing framing);

/** Parses a framing name (case-insensitive); nullopt if it names none. */
std::optional<Framing> parseFraming(QStringView name);

/**
 * The default maximum payload: 16 MiB for WB1 and 4-byte prefixes, 65,535 for 2-byte
 * prefixes, 64 KiB per line (excluding the newline) and per raw chunk.
 */
qsizetype defaultMaxPayload(Framing framing);

/** The largest maximum a framing can express at all (65,535 for 2-byte prefixes). */
qsizetype framingPayloadLimit(Framing framing);

/** A codec for `framing`; maxPayload <= 0 means defaultMaxPayload(framing). */
std::shared_ptr<const FrameCodec> makeCodec(Framing framing, qsizetype maxPayload = 0);

} // namespace NetCore
