// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/reportwriter.h"
#include "scenario/runrecord.h"
#include "scenario/scenarioresult.h"
#include "session/session.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace NetCore {

class IntervalLogRecorder;
class SessionEngine;

/**
 * Runs a session's scenario, step by step, for the window and the headless runner
 * alike, on a SessionEngine (whose servers and fleets have I/O threads of their
 * own); the runner lives on the owner's thread and never touches a socket.
 *
 * start() begins; progress() comes with every snapshot; finished() comes exactly
 * once, after everything the run started has stopped, with the result: each check
 * with its measured value, and the runtime failure if one ended the run. cancel()
 * stops early and cleanly.
 */
class ScenarioRunner : public QObject
{
    Q_OBJECT

public:
    struct Options {
        double durationScale = 1.0;  // multiplies every hold, divides every ramp (0.1: ten times shorter)
        int snapshotIntervalMs = 100;
        QString sessionFile;         // for reports
        QString outputDirectory;     // where report steps' relative paths go (empty: the working folder)
        QString intervalLogPath;     // --hlog: HdrHistogram's interval log, written as the run goes (empty: none)
        // --start-at: the opening steps (start servers, connect fleets, wait until connected) run at
        // once; the rest waits for this instant, and the interval log counts from it (0: no wait).
        qint64 startAtMsSinceEpoch = 0;
    };
    struct Progress {
        int step = 0;                // 0-based; stepCount when finishing
        int stepCount = 0;
        QString description;
        qint64 elapsedNs = 0;
        qint64 expectedTotalNs = 0;  // the scaled holds: a floor, waits come on top
        double throughputPerSecond = 0; // replies/s over all fleets in the last interval
        qint64 p50Ns = 0;            // the last interval's, the slowest fleet's
        qint64 p99Ns = 0;
        quint64 errors = 0;          // since the start, all fleets, timeouts included
    };

    /** Runs `engine`'s session; the engine must outlive the runner. */
    ScenarioRunner(SessionEngine &engine, const Options &options, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    const RunRecord &record() const { return m_record; }
    const ScenarioResult &result() const { return m_result; }
    qint64 expectedTotalNs() const;

    // What a run's figures say, apart from running it (the parent of --processes judges merged figures so).
    /** A check step measured on `record`; `index` is its place in the scenario. */
    static CheckResult evaluateCheck(const RunRecord &record, const ScenarioStep &step, int index);
    /** Per fleet, replyWarnings() over its whole run. */
    static QMap<QString, QStringList> warningsOf(const RunRecord &record, const Session &session);
    /** A report step's files (relative paths into `folder`): the paths written, and the errors of those not. */
    static void writeReportStep(const RunRecord &record, const ScenarioResult &result, const ReportWriter::RunInfo &info,
                                const ScenarioStep &step, const QString &folder, QStringList *written, QStringList *errors);

Q_SIGNALS:
    void progress(const NetCore::ScenarioRunner::Progress &progress);
    void stepStarted(int index, const QString &description);
    void checkEvaluated(const NetCore::CheckResult &check);
    /** Something a person should know that does not stop the run (a report written, connections failed). */
    void notice(const QString &text);
    void finished(const NetCore::ScenarioResult &result);

private:
    void runStep(int index);
    void nextStep();
    void fail(const QString &message);
    void windDown();
    /** The result's warnings, from the record so far (replyWarnings() per fleet). */
    void noteWarnings();
    void maybeFinish();
    void clearWaits();
    void onSnapshot(const QString &fleet, const struct FleetSnapshot &snapshot);
    void onServerStarted(const QString &name, quint16 port);
    bool waitsForStartAt(int index);
    void emitProgress();
    void evaluateCheck(const ScenarioStep &step);
    void writeReports(const ScenarioStep &step);
    void connectEngine();
    void finish();

    SessionEngine &m_engine;
    Session m_session; // as it was when the run began
    Options m_options;
    QList<QMetaObject::Connection> m_engineConnections;
    QStringList m_settled; // fleets whose connects are all decided since they last started
    RunRecord m_record;
    std::unique_ptr<IntervalLogRecorder> m_intervalLog;
    qint64 m_intervalLogLeadNs = 0; // from the run's clock to the log's base (the --start-at instant)
    bool m_startAtPending = false;  // --start-at has not come yet
    ScenarioResult m_result;
    QElapsedTimer m_clock;
    QTimer m_stepTimer;     // hold
    QTimer m_timeoutTimer;  // wait
    QList<QMetaObject::Connection> m_waits;
    int m_step = -1;
    bool m_running = false;
    bool m_windingDown = false;
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::ScenarioRunner::Progress)
