// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/resourcelimits.h"

#include <algorithm>

#include <cerrno>

#include <sys/resource.h>

namespace NetCore::ResourceLimits {

long raiseFileDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    return fileDescriptorLimit();
}

long fileDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    return limit.rlim_cur == RLIM_INFINITY ? -1 : long(limit.rlim_cur);
}

QString explainExhaustion(int errnoValue)
{
    switch (errnoValue) {
    case EMFILE:
        return QStringLiteral("out of file descriptors: the process limit (RLIMIT_NOFILE) is %1; "
                              "raise the hard limit (ulimit -Hn) or open fewer connections")
            .arg(fileDescriptorLimit());
    case ENFILE:
        return QStringLiteral("the system is out of file descriptors (fs.file-max)");
    case EADDRNOTAVAIL:
    case EADDRINUSE:
        return QStringLiteral("out of local ports for this source address (net.ipv4.ip_local_port_range); "
                              "add source addresses such as 127.0.0.2, or wait for TIME_WAIT sockets to expire");
    default:
        return {};
    }
}

int connectionCap(int wanted, int perConnection, const QString &ownLimit, QString *reason)
{
    *reason = ownLimit;
    const long descriptors = fileDescriptorLimit();
    if (descriptors <= 0)
        return wanted;
    const long reserve = std::min<long>(64, descriptors / 2);
    const long usable = (descriptors - reserve) / std::max(perConnection, 1);
    if (wanted > 0 && usable >= wanted)
        return wanted;
    *reason = QStringLiteral("the process may open %1 file descriptors (RLIMIT_NOFILE), %2 of them kept in reserve%3; "
                             "raise the limit (ulimit -Hn) for more connections")
                  .arg(descriptors)
                  .arg(reserve)
                  .arg(perConnection > 1 ? QStringLiteral(", %1 for each connection").arg(perConnection) : QString());
    return int(std::max<long>(usable, 1));
}

} // namespace NetCore::ResourceLimits
