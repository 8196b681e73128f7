// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the codec tests (and the fuzz targets): decode a byte stream fed to a
// FrameReader in chunks of a given size, and record every outcome as a value.
#pragma once

#include "codec/framecodec.h"
#include "codec/framereader.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CodecTestSupport {

/** One outcome of FrameReader::next(), copied out of the reader's buffer. */
struct Outcome {
    NetCore::DecodeResult::Status status = NetCore::DecodeResult::Status::Incomplete;
    NetCore::FrameError error = NetCore::FrameError::None;
    quint8 type = 0;
    quint16 flags = 0;
    quint64 sequence = 0;
    quint64 timestamp = 0;
    QByteArray payload;

    bool operator==(const Outcome &) const = default;

    QString toString() const
    {
        return QStringLiteral("status=%1 error=%2 type=%3 flags=%4 seq=%5 ts=%6 payload=%7")
            .arg(int(status))
            .arg(QString::fromLatin1(NetCore::frameErrorCode(error)))
            .arg(type)
            .arg(flags)
            .arg(sequence)
            .arg(timestamp)
            .arg(QString::fromLatin1(payload.toHex()));
    }
};

/**
 * Feeds `bytes` in chunks of `chunkSize` (0 = all at once) and collects every frame
 * and error, stopping at a fatal one. Incomplete outcomes are not recorded, so the
 * list is the same for any chunk size when decoding does not depend on the split.
 * The bytes still buffered at the end are returned in `leftover`.
 */
inline Outcome frameOutcome(const QByteArray &payload, quint64 sequence = 0, quint64 timestamp = 0,
                            quint8 type = 0x01, quint16 flags = 0)
{
    return {NetCore::DecodeResult::Status::Complete, NetCore::FrameError::None, type, flags, sequence, timestamp,
            payload};
}

inline Outcome errorOutcome(NetCore::FrameError error, quint64 sequence = 0)
{
    Outcome outcome;
    outcome.status = NetCore::DecodeResult::Status::Failed;
    outcome.error = error;
    outcome.sequence = sequence;
    return outcome;
}

inline QList<Outcome> decodeInChunks(const NetCore::FrameCodec &codec, const QByteArray &bytes, qsizetype chunkSize,
                                     qsizetype *leftover = nullptr)
{
    NetCore::FrameReader reader(codec);
    QList<Outcome> outcomes;
    const qsizetype step = chunkSize > 0 ? chunkSize : qMax<qsizetype>(bytes.size(), 1);
    // Each piece lands in one scratch buffer that the next piece overwrites, as a
    // connection's reads do, so a reader that kept a view instead of a copy shows.
    QByteArray scratch;
    for (qsizetype offset = 0; offset < bytes.size() && !reader.failed(); offset += step) {
        scratch = QByteArrayView(bytes).sliced(offset, qMin(step, bytes.size() - offset)).toByteArray();
        reader.feed(scratch);
        for (;;) {
            NetCore::Frame frame;
            const NetCore::DecodeResult result = reader.next(frame);
            if (result.status == NetCore::DecodeResult::Status::Incomplete)
                break;
            if (result.isFatal()) {
                // Only the sequence of a bad frame matters: the ERROR answer names it.
                outcomes.append(errorOutcome(result.error, frame.sequence));
                break;
            }
            outcomes.append({result.status, result.error, frame.type, frame.flags, frame.sequence, frame.timestamp,
                             frame.payload.toByteArray()});
        }
        reader.settle();
        scratch.fill('\xA5');
    }
    if (leftover)
        *leftover = reader.failed() ? 0 : reader.bufferedBytes();
    return outcomes;
}

/**
 * For the codecs' data-driven tests: `bytes` decoded whole and in pieces of 1, 2 and 5
 * bytes give `frames` (of `types`, DATA for those not given), then `error` (None:
 * none), and leave `leftover` bytes buffered.
 * Call through QVERIFY(...) or check QTest::currentTestFailed() after it.
 */
inline bool decodesAlike(const NetCore::FrameCodec &codec, const QByteArray &bytes, const QList<QByteArray> &frames,
                         NetCore::FrameError error, qsizetype leftover, const QList<quint8> &types = {})
{
    QList<Outcome> expected;
    for (qsizetype i = 0; i < frames.size(); ++i)
        expected.append(frameOutcome(frames[i], 0, 0, types.value(i, 0x01)));
    if (error != NetCore::FrameError::None)
        expected.append(errorOutcome(error));
    for (qsizetype chunk : {0, 1, 2, 5}) {
        qsizetype left = -1;
        const QList<Outcome> got = decodeInChunks(codec, bytes, chunk, &left);
        if (got != expected || left != leftover) {
            qWarning("pieces of %lld: %lld outcomes (expected %lld), %lld bytes left (expected %lld)%s%s",
                     qlonglong(chunk), qlonglong(got.size()), qlonglong(expected.size()), qlonglong(left),
                     qlonglong(leftover), got.isEmpty() ? "" : ", last: ", got.isEmpty() ? "" : qPrintable(got.last().toString()));
            return false;
        }
    }
    return true;
}

/** One payload encoded: `wire` and None, or nothing appended and `error`; the size foretold. */
inline bool encodesAs(const NetCore::FrameCodec &codec, const QByteArray &payload, const QByteArray &wire,
                      NetCore::FrameError error)
{
    QByteArray out("before");
    NetCore::Frame frame;
    frame.payload = payload;
    const NetCore::FrameError got = codec.encode(frame, out);
    const QByteArray expected = QByteArray("before") + (error == NetCore::FrameError::None ? wire : QByteArray());
    if (got != error || out != expected) {
        qWarning("encoded %s as %s (%s); expected %s (%s)", payload.toHex(' ').constData(), out.mid(6).toHex(' ').constData(),
                 NetCore::frameErrorCode(got).toByteArray().constData(), wire.toHex(' ').constData(),
                 NetCore::frameErrorCode(error).toByteArray().constData());
        return false;
    }
    return error != NetCore::FrameError::None || codec.encodedSize(payload.size()) == wire.size();
}

/**
 * A peer that sends `chunk` again and again and never ends a frame: how many chunks
 * the reader took before refusing it with TooLarge (at most `limit`; more means it
 * was never refused).
 */
inline int chunksUntilRefused(const NetCore::FrameCodec &codec, const QByteArray &chunk, int limit = 1000)
{
    NetCore::FrameReader reader(codec);
    NetCore::Frame frame;
    int appended = 0;
    while (!reader.failed() && appended < limit) {
        reader.append(chunk);
        ++appended;
        reader.next(frame);
    }
    return reader.failed() && reader.fatalError() == NetCore::FrameError::TooLarge ? appended : limit + 1;
}

/** Lets QCOMPARE print outcomes when they differ (found by argument-dependent lookup). */
inline char *toString(const Outcome &outcome)
{
    return qstrdup(outcome.toString().toUtf8().constData());
}

} // namespace CodecTestSupport

