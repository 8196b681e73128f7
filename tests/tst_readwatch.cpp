// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/readablehandler.h"
#include "io/readwatch.h"

#include "epollthread.h"

#include <QTest>

#include <atomic>
#include <functional>
#include <memory>

#include <sys/socket.h>
#include <unistd.h>

using namespace NetCore;

namespace {

/** Both ends of a local stream socket pair, closed on destruction. */
struct SocketPair {
    int watched = -1;
    int peer = -1;
    SocketPair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            watched = fds[0];
            peer = fds[1];
        }
    }
    ~SocketPair() { closeWatched(); closePeer(); }
    void closeWatched() { if (watched >= 0) ::close(watched); watched = -1; }
    void closePeer() { if (peer >= 0) ::close(peer); peer = -1; }
    bool send(int bytes) const { return ::send(peer, QByteArray(bytes, 'x').constData(), size_t(bytes), 0) == bytes; }
};

/** Reads at most `chunk` bytes per call (0: everything), counting calls and bytes. */
class CountingReader final : public ReadableHandler
{
public:
    CountingReader(int fd, int chunk) : m_fd(fd), m_chunk(chunk) {}
    void onReadable() override
    {
        ++calls;
        char buffer[4096];
        const size_t wanted = m_chunk > 0 ? size_t(m_chunk) : sizeof buffer;
        for (;;) {
            const ssize_t got = ::recv(m_fd, buffer, wanted, 0);
            if (got <= 0) {
                if (got == 0)
                    ++hangUps;
                break;
            }
            bytes += int(got);
            if (m_chunk > 0)
                break;
        }
        if (afterRead)
            afterRead();
    }
    std::atomic<int> calls = 0;
    std::atomic<int> bytes = 0;
    std::atomic<int> hangUps = 0;
    std::function<void()> afterRead;

private:
    int m_fd;
    int m_chunk;
};

} // namespace

/**
 * Every case runs twice: on an I/O thread, where the EpollEventDispatcher calls the
 * handler directly, and on the main thread, whose default dispatcher needs the
 * QSocketNotifier fallback.
 */
class tst_ReadWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void takesThePathItsThreadAllows();
    void callsTheHandlerWhileDataIsLeft();
    void pausedWatchStaysQuietUntilResumed();
    void reportsTheHangUp();
    void stoppedInsideItsHandlerIsNeverCalledAgain();
    void handlerDestroyedInsideItsOwnCall();
    void outlivesTheDispatcherItsThreadOwned();

private:
    /** Runs `work` where the watch lives (the I/O thread, or here) and waits for it. */
    void onWatchThread(const std::function<void()> &work);
    /** Lets the watch's thread finish a full pass of its loop. */
    void settle();
    /** A watch made and started where watches live; delete it with destroyWatch(). */
    ReadWatch *startWatch(int fd, ReadableHandler &handler);
    void destroyWatch(ReadWatch *watch);

    std::unique_ptr<EpollThread> m_thread;
};

void tst_ReadWatch::initTestCase_data()
{
    QTest::addColumn<bool>("direct");
    QTest::newRow("epoll-dispatcher") << true;
    QTest::newRow("notifier-fallback") << false;
}

void tst_ReadWatch::init()
{
    QFETCH_GLOBAL(bool, direct);
    if (direct)
        m_thread = std::make_unique<EpollThread>();
}

void tst_ReadWatch::cleanup()
{
    m_thread.reset();
}

void tst_ReadWatch::onWatchThread(const std::function<void()> &work)
{
    if (m_thread)
        m_thread->run(work);
    else
        work();
}

void tst_ReadWatch::settle()
{
    // Two queued round trips: whatever was ready before the first has been handled.
    for (int i = 0; i < 2; ++i) {
        if (m_thread)
            m_thread->run([] {});
        else
            QCoreApplication::processEvents();
    }
}

ReadWatch *tst_ReadWatch::startWatch(int fd, ReadableHandler &handler)
{
    ReadWatch *watch = nullptr;
    onWatchThread([&] {
        watch = new ReadWatch;
        watch->start(fd, handler);
    });
    return watch;
}

void tst_ReadWatch::destroyWatch(ReadWatch *watch)
{
    onWatchThread([watch] { delete watch; });
}

void tst_ReadWatch::takesThePathItsThreadAllows()
{
    QFETCH_GLOBAL(bool, direct);
    SocketPair pair;
    QVERIFY(pair.watched >= 0);
    CountingReader reader(pair.watched, 0);
    ReadWatch *watch = startWatch(pair.watched, reader);
    bool isDirect = !direct;
    onWatchThread([&] { isDirect = watch->isDirect(); });
    QCOMPARE(isDirect, direct);
    QVERIFY(pair.send(10));
    QTRY_COMPARE(reader.bytes.load(), 10);
    destroyWatch(watch);
}

void tst_ReadWatch::callsTheHandlerWhileDataIsLeft()
{
    // Level-triggered: a handler that leaves data behind is called again for it.
    SocketPair pair;
    CountingReader reader(pair.watched, 7);
    ReadWatch *watch = startWatch(pair.watched, reader);
    QVERIFY(pair.send(100));
    QTRY_COMPARE(reader.bytes.load(), 100);
    QCOMPARE(reader.calls.load(), 15); // 14 of 7 bytes and one of 2
    destroyWatch(watch);
}

void tst_ReadWatch::pausedWatchStaysQuietUntilResumed()
{
    SocketPair pair;
    CountingReader reader(pair.watched, 0);
    ReadWatch *watch = startWatch(pair.watched, reader);
    onWatchThread([&] { watch->setEnabled(false); });
    QVERIFY(pair.send(5));
    settle();
    QCOMPARE(reader.calls.load(), 0);
    bool enabled = true;
    onWatchThread([&] { enabled = watch->isEnabled(); });
    QVERIFY(!enabled);

    onWatchThread([&] { watch->setEnabled(true); });
    QTRY_COMPARE(reader.bytes.load(), 5);
    destroyWatch(watch);
}

void tst_ReadWatch::reportsTheHangUp()
{
    SocketPair pair;
    CountingReader reader(pair.watched, 0);
    ReadWatch *watch = nullptr;
    // The handler gives up the watch once it has seen the end, as connections do.
    reader.afterRead = [&] {
        if (reader.hangUps.load() > 0)
            watch->stop();
    };
    watch = startWatch(pair.watched, reader);
    pair.closePeer();
    QTRY_COMPARE(reader.hangUps.load(), 1);
    settle();
    QCOMPARE(reader.calls.load(), 1);
    destroyWatch(watch);
}

void tst_ReadWatch::stoppedInsideItsHandlerIsNeverCalledAgain()
{
    // The connection's pattern: stop, close the descriptor; a new socket may then
    // get the same number, and must not reach the old handler.
    auto first = std::make_unique<SocketPair>();
    const int number = first->watched;
    CountingReader oldReader(number, 0);
    ReadWatch *watch = nullptr;
    oldReader.afterRead = [&] {
        watch->stop();
        first->closeWatched();
    };
    watch = startWatch(number, oldReader);
    QVERIFY(first->send(3));
    QTRY_COMPARE(oldReader.calls.load(), 1);
    settle();

    SocketPair second;
    QCOMPARE(second.watched, number); // the lowest free number comes back
    CountingReader newReader(second.watched, 0);
    ReadWatch *newWatch = startWatch(second.watched, newReader);
    QVERIFY(second.send(4));
    QTRY_COMPARE(newReader.bytes.load(), 4);
    QCOMPARE(oldReader.calls.load(), 1);
    destroyWatch(watch);
    destroyWatch(newWatch);
}

void tst_ReadWatch::handlerDestroyedInsideItsOwnCall()
{
    // A connection may end, and be destroyed with its watch, inside its read.
    struct SelfDestroying final : ReadableHandler {
        ReadWatch watch;
        std::atomic<bool> *gone = nullptr;
        void onReadable() override
        {
            *gone = true;
            delete this;
        }
    };
    SocketPair pair;
    std::atomic<bool> gone = false;
    onWatchThread([&] {
        auto *handler = new SelfDestroying;
        handler->gone = &gone;
        handler->watch.start(pair.watched, *handler);
    });
    QVERIFY(pair.send(1));
    QTRY_VERIFY(gone.load());
    settle(); // the data is still unread: nothing may call the dead handler
}

void tst_ReadWatch::outlivesTheDispatcherItsThreadOwned()
{
    QFETCH_GLOBAL(bool, direct);
    if (!direct)
        QSKIP("the main thread's dispatcher lives as long as the test");
    SocketPair pair;
    CountingReader reader(pair.watched, 0);
    ReadWatch watch;
    onWatchThread([&] { watch.start(pair.watched, reader); });
    m_thread.reset(); // the thread ends and deletes its dispatcher
    QVERIFY(watch.isActive());
    watch.stop(); // must not touch the dispatcher that is gone
    QVERIFY(!watch.isActive());
}

QTEST_GUILESS_MAIN(tst_ReadWatch)
#include "tst_readwatch.moc"
