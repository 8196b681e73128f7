// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace NetCore {

/**
 * What was wrong with a frame. The first codes are the WB1 error codes of
 * docs/protocol.md and are used by every framing where they apply (a line over its
 * maximum length is TooLarge). BadLength is a length or size field no frame can have
 * (general framings). NewlineInPayload, SeparatorInPayload and WrongSize are only
 * ever returned by an encoder.
 */
enum class FrameError : quint8 {
    None,
    BadMagic,
    BadVersion,
    BadFlags,
    BadReserved,
    TooLarge,
    BadChecksum,
    UnknownType,
    NewlineInPayload,
    BadLength,
    SeparatorInPayload,
    WrongSize,
    BadType,         // resp: a type byte RESP does not have
    BadSyntax,       // resp: a malformed line, number or missing CR LF
    TooDeep,         // resp: aggregates nested deeper than the limit
    TooManyElements, // resp: an aggregate with more elements than the limit; http1: too many header fields
    UnboundedBody,   // http1: a response whose body ends only when the connection closes
    Last = UnboundedBody,
};

/** The protocol's code for an error ("bad-magic", ...); "none" for None. */
QByteArrayView frameErrorCode(FrameError error);

/** The error whose code is `code`, or None when there is no such code. */
FrameError frameErrorFromCode(QByteArrayView code);

/** Fatal errors mean the byte stream can no longer be trusted: the connection closes. */
bool isFatal(FrameError error);

} // namespace NetCore
