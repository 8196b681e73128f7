// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxyfaultsedit.h"

#include "formfields.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Gui {

ProxyFaultsEdit::ProxyFaultsEdit(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_problem(FormFields::problemLabel(this))
{
    m_editor->setPlaceholderText(tr("No faults. One per line, as Toxiproxy's toxics, e.g.\n"
                                    "latency:latency=200,jitter=50\n"
                                    "bandwidth:rate=64,stream=upstream\n"
                                    "or, with a framing, per frame: drop:0.01  delay:20:5,match=prefix:GET"));
    m_editor->setToolTip(NetCore::Toxic::syntax() + QStringLiteral("\n\nWith a framing: ") + NetCore::FrameFault::syntax());
    m_editor->setTabChangesFocus(true);
    m_editor->setFixedHeight(m_editor->fontMetrics().height() * 5 + 12);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    layout->addWidget(m_problem);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        Q_EMIT changed();
    });
}

void ProxyFaultsEdit::setFaults(const NetCore::ProxyFaults &faults)
{
    m_editor->setPlainText(faults.specs().join(QLatin1Char('\n')));
    validate();
}

void ProxyFaultsEdit::setFramed(bool framed)
{
    m_framed = framed;
    validate();
}

QStringList ProxyFaultsEdit::specs() const
{
    QStringList specs;
    for (const QString &line : m_editor->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            specs << line.trimmed();
    }
    return specs;
}

std::optional<NetCore::ProxyFaults> ProxyFaultsEdit::faults() const
{
    QString why;
    return NetCore::ProxyFaults::parse(specs(), &why);
}

QString ProxyFaultsEdit::problem() const
{
    return m_problem->text();
}

void ProxyFaultsEdit::validate()
{
    // Line by line first, so the problem names its line.
    const QStringList lines = m_editor->toPlainText().split(QLatin1Char('\n'));
    QString why;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString spec = lines[i].trimmed();
        if (spec.isEmpty())
            continue;
        const bool frameFault = NetCore::FrameFault::isFrameFaultSpec(spec);
        const bool ok = frameFault ? NetCore::FrameFault::parse(spec, &why).has_value() : NetCore::Toxic::parse(spec, &why).has_value();
        if (ok && frameFault && !m_framed)
            why = tr("%1 acts on frames: give the proxy a framing.").arg(spec.section(QLatin1Char(':'), 0, 0));
        if (!ok || (frameFault && !m_framed)) {
            FormFields::showProblem(m_problem, tr("Line %1: %2").arg(i + 1).arg(why));
            return;
        }
    }
    FormFields::showProblem(m_problem, NetCore::ProxyFaults::parse(specs(), &why) ? QString() : why);
}

} // namespace Gui
