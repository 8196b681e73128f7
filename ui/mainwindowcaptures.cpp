// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow and captures (a proxy's --record): opened into the traffic log, replayed
// from many connections (the rest of the class is in mainwindow.cpp).
#include "mainwindow.h"

#include "capturereplaydialog.h"
#include "trafficpanel.h"

#include "capture/capturefile.h"
#include "capture/capturetraffic.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

namespace Gui {

bool MainWindow::openCapture(const QString &path, QString *error)
{
    QString why;
    auto capture = NetCore::CaptureFile::load(path, &why);
    if (!capture) {
        if (error)
            *error = why;
        return false;
    }
    m_captureName = QFileInfo(path).fileName();
    const QList<NetCore::TrafficEntry> entries = NetCore::captureTraffic(*capture);
    m_traffic->addTraffic(tr("capture %1").arg(m_captureName), entries, 0);
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("traffic")))
        dock->raise();
    statusBar()->showMessage(tr("%1: %2 connections, %3 messages%4%5")
                                 .arg(m_captureName)
                                 .arg(capture->conversations.size())
                                 .arg(entries.size())
                                 .arg(capture->framing ? tr(" (%1 frames)").arg(NetCore::framingName(*capture->framing)) : QString())
                                 .arg(capture->truncated ? tr(", cut at its size limit") : QString()),
                             15000);
    m_capture = std::move(*capture);
    m_replayCaptureAction->setEnabled(true);
    return true;
}

void MainWindow::openCaptureWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a capture"), outputDirectory(),
                                                      tr("Wirebench captures (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    QString why;
    if (!openCapture(path, &why))
        QMessageBox::warning(this, tr("Cannot open the capture"), why);
}

CaptureReplayDialog *MainWindow::replayCapture()
{
    if (!m_capture)
        return nullptr;
    auto *dialog = new CaptureReplayDialog(*m_capture, m_captureName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

} // namespace Gui
