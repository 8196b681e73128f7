// SPDX-License-Identifier: GPL-3.0-or-later
#include "websocketedit.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace Gui {

WebSocketEdit::WebSocketEdit(QWidget *parent)
    : QWidget(parent)
{
    m_path = new QLineEdit(QStringLiteral("/"), this);
    m_path->setToolTip(tr("The upgrade request's path, e.g. /chat or /ws?room=1"));
    m_headers = new QPlainTextEdit(this);
    m_headers->setPlaceholderText(tr("Extra header lines, one per line, e.g. Origin: http://127.0.0.1"));
    m_headers->setMaximumHeight(48);
    m_binary = new QCheckBox(tr("Send binary messages (else text, which must be UTF-8)"), this);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Path"), m_path);
    form->addRow(tr("Headers"), m_headers);
    form->addRow(QString(), m_binary);
    connect(m_path, &QLineEdit::textChanged, this, &WebSocketEdit::changed);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &WebSocketEdit::changed);
    connect(m_binary, &QCheckBox::toggled, this, &WebSocketEdit::changed);
}

NetCore::WebSocketUpgrade WebSocketEdit::upgrade() const
{
    NetCore::WebSocketUpgrade upgrade;
    upgrade.path = m_path->text().trimmed().toUtf8();
    for (const QString &line : m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            upgrade.headers.append(line.trimmed().toUtf8());
    }
    upgrade.binary = m_binary->isChecked();
    return upgrade;
}

void WebSocketEdit::setUpgrade(const NetCore::WebSocketUpgrade &upgrade)
{
    m_path->setText(QString::fromUtf8(upgrade.path));
    QStringList headers;
    for (const QByteArray &header : upgrade.headers)
        headers << QString::fromUtf8(header);
    m_headers->setPlainText(headers.join(QLatin1Char('\n')));
    m_binary->setChecked(upgrade.binary);
}

QString WebSocketEdit::problem() const
{
    const QString path = m_path->text().trimmed();
    if (!path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char(' ')))
        return tr("The upgrade path must start with / and hold no space.");
    for (const QString &line : m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty() && line.indexOf(QLatin1Char(':')) <= 0)
            return tr("The header '%1' is not 'Name: value'.").arg(line.trimmed());
    }
    return {};
}

} // namespace Gui
