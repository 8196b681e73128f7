// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what a TLS server reads before and during the handshake: the
// first byte sets the size of the pieces the rest is handed over in (as reads would
// cut it). Whatever comes, the channel fails with a kind and a reason or goes on; it
// never crashes, never hands out plaintext before a handshake, never grows without bound.
#include "tls/tlschannel.h"
#include "tls/tlscontext.h"

#include <cstdint>
#include <cstdlib>

using namespace NetCore;

namespace {
const TlsContext &serverContext()
{
    static const std::shared_ptr<TlsContext> context = [] {
        TlsServerSettings settings;
        settings.enabled = true;
        settings.alpn = "http/1.1";
        QString why;
        auto made = TlsContext::forServer(settings, QStringLiteral("127.0.0.1"), &why);
        if (!made)
            std::abort();
        return made;
    }();
    return *context;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = qsizetype(data[0]) + 1;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    TlsChannel channel(serverContext());
    QByteArray none;
    channel.start(none);
    QByteArray plain;
    QByteArray out;
    for (qsizetype at = 0; at < input.size(); at += piece) {
        const auto result = channel.receive(input.sliced(at, std::min(piece, input.size() - at)), plain, out);
        if (result == TlsChannel::Result::Failed) {
            if (channel.error() == TlsError::None || channel.errorReason().isEmpty())
                std::abort(); // a failure always says what kind and why
            break;
        }
        if (!channel.isEstablished() && !plain.isEmpty())
            std::abort(); // nothing is plaintext before the handshake is done
    }
    if (out.size() > 64 * 1024 || plain.size() > input.size())
        std::abort(); // a server's flight, or more plaintext than bytes came: unbounded
    channel.encrypt("reply", out);
    channel.shutdown(out);
    return 0;
}
