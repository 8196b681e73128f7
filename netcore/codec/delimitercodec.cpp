// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/delimitercodec.h"

#include <algorithm>
#include <cstring>

namespace NetCore {

namespace {

// memchr for the separator's first byte, then a compare: several times faster than
// QByteArrayView::indexOf() for the short separators protocols use.
qsizetype findSeparator(QByteArrayView haystack, QByteArrayView separator)
{
    const char *data = haystack.data();
    const qsizetype last = haystack.size() - separator.size();
    qsizetype from = 0;
    while (from <= last) {
        const auto *hit = static_cast<const char *>(std::memchr(data + from, separator[0], size_t(last - from + 1)));
        if (!hit)
            return -1;
        const qsizetype at = hit - data;
        if (std::memcmp(hit + 1, separator.data() + 1, size_t(separator.size() - 1)) == 0)
            return at;
        from = at + 1;
    }
    return -1;
}

} // namespace

DelimiterCodec::DelimiterCodec(const QByteArray &separator, qsizetype maxPayload)
    : m_separator(separator.isEmpty() ? QByteArray("\n") : separator)
    , m_maxPayload(std::clamp<qsizetype>(maxPayload, 0, framingPayloadLimit(Framing::delimited(separator))))
{
}

DecodeResult DelimiterCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    // The longest acceptable frame is the payload and the separator: never look further.
    const QByteArrayView window = input.first(std::min(input.size(), m_maxPayload + m_separator.size()));
    const qsizetype at = findSeparator(window, m_separator);
    if (at < 0) {
        if (input.size() >= m_maxPayload + m_separator.size())
            return DecodeResult::failed(FrameError::TooLarge);
        return DecodeResult::incomplete(input.size() + 1);
    }
    frame.payload = input.first(at);
    return DecodeResult::complete(at + m_separator.size());
}

FrameError DelimiterCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() > m_maxPayload)
        return FrameError::TooLarge;
    if (findSeparator(frame.payload, m_separator) >= 0)
        return FrameError::SeparatorInPayload;
    out.append(frame.payload);
    out.append(m_separator);
    return FrameError::None;
}

} // namespace NetCore
