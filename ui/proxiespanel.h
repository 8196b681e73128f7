// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "definitionpanel.h"

#include "proxy/proxysnapshot.h"

#include <memory>

class QPushButton;

namespace NetCore {
class ToxiproxyApi;
}

namespace Gui {

/**
 * The session's proxies: where each listens and forwards, its faults, whether it
 * runs, what it has forwarded; start and stop, change faults while it runs, and
 * serve Toxiproxy's HTTP API over them (proxies made through it show here).
 */
class ProxiesPanel : public DefinitionPanel
{
    Q_OBJECT

public:
    explicit ProxiesPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);
    ~ProxiesPanel() override;

    /** Serves Toxiproxy's API on ADDRESS:PORT ("127.0.0.1:8474"); why not, or empty. */
    QString serveApi(const QString &hostPort);
    void stopApi();
    /** Where the API listens ("127.0.0.1:8474"), or empty. */
    QString apiAddress() const { return m_apiAddress; }

Q_SIGNALS:
    /** Change the selected proxy's faults (while it runs too). */
    void faultsRequested(const QString &name);
    /** The API made, changed or deleted proxies: the engine's session has them. */
    void proxiesChangedByApi();

protected:
    QList<QStringList> rows() const override;
    bool isRunning(const QString &name) const override;
    QString start(const QString &name) override;
    void stop(const QString &name) override;
    void refreshRow(int row, const QString &name) override;
    void selectionRefreshed(const QString &selected) override;

private:
    enum Column {
        Name, Listen, Upstream, FramingColumn, Faults, State, Open, ToServer, ToClient, ServerTime, ClientSeen, UpstreamFailures,
        FaultCloses
    };
    void onSnapshot(const QString &name, const NetCore::ProxySnapshot &snapshot);
    void toggleApi();

    QPushButton *m_faults = nullptr;
    QPushButton *m_api = nullptr;
    std::unique_ptr<NetCore::ToxiproxyApi> m_toxiproxyApi;
    QString m_apiAddress;
};

} // namespace Gui
