// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayedit.h"

#include "filepathedit.h"

#include "capture/capturefile.h"
#include "storage/relativepath.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>

namespace Gui {

ReplayEdit::ReplayEdit(const QString &baseDirectory, QWidget *parent)
    : QGroupBox(tr("Replay a capture instead of a load"), parent)
    , m_baseDirectory(baseDirectory)
    , m_path(new FilePathEdit(tr("capture"), tr("Captures (*.jsonl);;All files (*)"), baseDirectory, this))
    , m_speed(new QDoubleSpinBox(this))
    , m_about(new QLabel(this))
{
    setCheckable(true);
    setChecked(false);
    setToolTip(tr("Each connection plays one recorded conversation's client side (a proxy's --record) and every "
                  "reply is compared with the recording; differences are counted and checked."));
    m_path->setPlaceholderText(tr("a proxy's recording (*.jsonl)"));
    m_speed->setRange(0, 1e6);
    m_speed->setDecimals(3);
    m_speed->setSpecialValueText(tr("step by step: each request once its reply came"));
    m_speed->setPrefix(tr("at the recorded times ×"));
    m_speed->setToolTip(tr("0: each request once the previous reply arrived; X: at the recorded times, X times as fast"));
    m_about->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Capture"), m_path);
    form->addRow(tr("Pace"), m_speed);
    form->addRow(QString(), m_about);
    connect(this, &QGroupBox::toggled, this, &ReplayEdit::inspect);
    connect(m_path, &FilePathEdit::changed, this, &ReplayEdit::inspect);
    connect(m_speed, &QDoubleSpinBox::valueChanged, this, &ReplayEdit::changed);
    inspect();
}

QString ReplayEdit::capturePath() const
{
    return isChecked() ? m_path->path() : QString();
}

double ReplayEdit::speed() const
{
    return isChecked() ? m_speed->value() : 0;
}

void ReplayEdit::setReplay(const QString &capturePath, double speed)
{
    m_path->setPath(capturePath);
    m_speed->setValue(speed);
    setChecked(!capturePath.isEmpty());
    inspect();
}

QString ReplayEdit::summary() const
{
    return m_problem.isEmpty() && isChecked() ? m_about->text() : QString();
}

void ReplayEdit::inspect()
{
    m_problem.clear();
    QString about;
    if (isChecked()) {
        // Read whole, as the replay will: a file that does not parse is named here, with its line.
        QString why;
        const QString path = m_path->path();
        std::optional<NetCore::Capture> capture;
        m_problem = path.isEmpty() ? tr("Pick the capture to replay.") : m_path->problem();
        if (m_problem.isEmpty()) {
            const QString resolved = NetCore::resolveRelativePath(path, m_baseDirectory);
            capture = NetCore::CaptureFile::load(resolved, &why);
            if (!capture) // named as typed, not as resolved
                m_problem = tr("The capture %1: %2").arg(path, why.startsWith(resolved + QStringLiteral(": ")) ? why.mid(resolved.size() + 2) : why);
        }
        if (capture) {
            qsizetype sent = 0;
            for (const NetCore::Conversation &conversation : capture->conversations) {
                for (const NetCore::CaptureEvent &event : conversation.events)
                    sent += event.kind == NetCore::CaptureEvent::Kind::Up ? 1 : 0;
            }
            if (sent == 0)
                m_problem = tr("The capture %1 has no connection whose client sent anything.").arg(path);
            else
                about = tr("%1 recorded %2, %3 %4 from clients; %5 → %6%7")
                            .arg(capture->conversations.size())
                            .arg(capture->conversations.size() == 1 ? tr("conversation") : tr("conversations"))
                            .arg(sent)
                            .arg(capture->framing ? tr("%1 frames").arg(NetCore::framingName(*capture->framing)) : tr("chunks"))
                            .arg(capture->listen, capture->upstream)
                            .arg(capture->truncated ? tr(" (cut short by its size limit)") : QString());
        }
    }
    m_about->setText(m_problem.isEmpty() ? about : m_problem);
    m_about->setStyleSheet(m_problem.isEmpty() ? QString() : QStringLiteral("color: #c62828"));
    Q_EMIT changed();
}

} // namespace Gui
