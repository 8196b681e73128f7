// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/frameerror.h"

#include <array>
#include <utility>

namespace NetCore {

namespace {

constexpr std::array<std::pair<FrameError, QByteArrayView>, 17> errorCodes{{
    {FrameError::None, "none"},
    {FrameError::BadMagic, "bad-magic"},
    {FrameError::BadVersion, "bad-version"},
    {FrameError::BadFlags, "bad-flags"},
    {FrameError::BadReserved, "bad-reserved"},
    {FrameError::TooLarge, "too-large"},
    {FrameError::BadChecksum, "bad-checksum"},
    {FrameError::UnknownType, "unknown-type"},
    {FrameError::NewlineInPayload, "newline-in-payload"},
    {FrameError::BadLength, "bad-length"},
    {FrameError::SeparatorInPayload, "separator-in-payload"},
    {FrameError::WrongSize, "wrong-size"},
    {FrameError::BadType, "bad-type"},
    {FrameError::BadSyntax, "bad-syntax"},
    {FrameError::TooDeep, "too-deep"},
    {FrameError::TooManyElements, "too-many-elements"},
    {FrameError::UnboundedBody, "unbounded-body"},
}};

} // namespace

QByteArrayView frameErrorCode(FrameError error)
{
    for (const auto &[value, code] : errorCodes) {
        if (value == error)
            return code;
    }
    return "none";
}

FrameError frameErrorFromCode(QByteArrayView code)
{
    for (const auto &[value, name] : errorCodes) {
        if (name == code)
            return value;
    }
    return FrameError::None;
}

bool isFatal(FrameError error)
{
    return error != FrameError::None && error != FrameError::UnknownType;
}

} // namespace NetCore
