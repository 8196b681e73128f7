// SPDX-License-Identifier: GPL-3.0-or-later
#include "toxicsedit.h"

#include "formfields.h"

#include "proxy/proxyconfig.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Gui {

ToxicsEdit::ToxicsEdit(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_problem(FormFields::problemLabel(this))
{
    m_editor->setPlaceholderText(tr("No faults. One per line, as Toxiproxy's toxics, e.g.\n"
                                    "latency:latency=200,jitter=50\n"
                                    "bandwidth:rate=64,stream=upstream\n"
                                    "reset_peer:timeout=1000,toxicity=0.1"));
    m_editor->setToolTip(NetCore::Toxic::syntax());
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

void ToxicsEdit::setToxics(const QList<NetCore::Toxic> &toxics)
{
    QStringList lines;
    for (const NetCore::Toxic &toxic : toxics)
        lines << toxic.spec();
    m_editor->setPlainText(lines.join(QLatin1Char('\n')));
    validate();
}

std::optional<QList<NetCore::Toxic>> ToxicsEdit::toxics() const
{
    QStringList specs;
    for (const QString &line : m_editor->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            specs << line.trimmed();
    }
    QString why;
    return NetCore::ProxyConfig::parseToxics(specs, &why);
}

QString ToxicsEdit::problem() const
{
    return m_problem->text();
}

void ToxicsEdit::validate()
{
    const QStringList lines = m_editor->toPlainText().split(QLatin1Char('\n'));
    QStringList specs;
    QString why;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString spec = lines[i].trimmed();
        if (spec.isEmpty())
            continue;
        if (!NetCore::Toxic::parse(spec, &why)) {
            FormFields::showProblem(m_problem, tr("Line %1: %2").arg(i + 1).arg(why));
            return;
        }
        specs << spec;
    }
    FormFields::showProblem(m_problem, NetCore::ProxyConfig::parseToxics(specs, &why) ? QString() : why);
}

} // namespace Gui
