// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsclientedit.h"

#include "filepathedit.h"
#include "formfields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace Gui {

TlsClientEdit::TlsClientEdit(const QString &baseDirectory, QWidget *parent)
    : QGroupBox(tr("TLS"), parent)
    , m_ca(new FilePathEdit(tr("CA file"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_insecure(new QCheckBox(tr("Verify nothing (insecure; said in the results)"), this))
    , m_serverName(new QLineEdit(this))
    , m_alpn(new QLineEdit(this))
    , m_cert(new FilePathEdit(tr("client certificate"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_key(new FilePathEdit(tr("client key"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_minVersion(new QComboBox(this))
    , m_ciphers(new QLineEdit(this))
    , m_resume(new QCheckBox(tr("Resume the last session when a connection reopens"), this))
{
    setCheckable(true);
    setChecked(false);
    m_ca->setPlaceholderText(tr("the system's trust store"));
    m_serverName->setPlaceholderText(tr("the target's host"));
    m_alpn->setPlaceholderText(tr("none; e.g. h2,http/1.1"));
    m_cert->setPlaceholderText(tr("none"));
    m_key->setPlaceholderText(tr("none"));
    m_minVersion->addItems({tr("library default (1.2)"), QStringLiteral("1.2"), QStringLiteral("1.3")});
    m_ciphers->setPlaceholderText(tr("library default; e.g. TLS_AES_128_GCM_SHA256"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Trust"), m_ca);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Server name (SNI)"), m_serverName);
    form->addRow(tr("ALPN"), m_alpn);
    form->addRow(tr("Client certificate"), m_cert);
    form->addRow(tr("Client key"), m_key);
    form->addRow(tr("Lowest version"), m_minVersion);
    form->addRow(tr("Ciphers"), m_ciphers);
    form->addRow(QString(), m_resume);
    m_problem = FormFields::problemLabel(this);
    form->addRow(m_problem);
    // Before the box's change is told: the CA's problem no longer counts once nothing is verified.
    connect(m_insecure, &QCheckBox::toggled, m_ca, &QWidget::setDisabled);
    connect(this, &TlsClientEdit::changed, this, [this] { FormFields::showProblem(m_problem, problem()); });
    connect(this, &QGroupBox::toggled, this, &TlsClientEdit::changed);
    for (FilePathEdit *file : {m_ca, m_cert, m_key})
        connect(file, &FilePathEdit::changed, this, &TlsClientEdit::changed);
    for (QLineEdit *edit : {m_serverName, m_alpn, m_ciphers})
        connect(edit, &QLineEdit::textChanged, this, &TlsClientEdit::changed);
    for (QCheckBox *box : {m_insecure, m_resume})
        connect(box, &QCheckBox::toggled, this, &TlsClientEdit::changed);
    connect(m_minVersion, &QComboBox::currentIndexChanged, this, &TlsClientEdit::changed);
}

NetCore::TlsClientSettings TlsClientEdit::settings() const
{
    NetCore::TlsClientSettings tls;
    tls.enabled = isChecked();
    if (!tls.enabled)
        return tls;
    tls.insecure = m_insecure->isChecked();
    tls.caFile = tls.insecure ? QString() : m_ca->path();
    tls.serverName = m_serverName->text().trimmed();
    tls.alpn = m_alpn->text().trimmed().toLatin1();
    tls.certFile = m_cert->path();
    tls.keyFile = m_key->path();
    tls.minVersion = m_minVersion->currentIndex() == 0 ? QString() : m_minVersion->currentText();
    tls.ciphers = m_ciphers->text().trimmed().toLatin1();
    tls.resume = m_resume->isChecked();
    return tls;
}

void TlsClientEdit::setSettings(const NetCore::TlsClientSettings &tls)
{
    setChecked(tls.enabled);
    m_ca->setPath(tls.caFile);
    m_insecure->setChecked(tls.insecure);
    m_serverName->setText(tls.serverName);
    m_alpn->setText(QString::fromLatin1(tls.alpn));
    m_cert->setPath(tls.certFile);
    m_key->setPath(tls.keyFile);
    m_minVersion->setCurrentIndex(std::max(0, m_minVersion->findText(tls.minVersion)));
    m_ciphers->setText(QString::fromLatin1(tls.ciphers));
    m_resume->setChecked(tls.resume);
}

QString TlsClientEdit::problem() const
{
    if (!isChecked())
        return {};
    for (const FilePathEdit *file : {m_ca, m_cert, m_key}) {
        if (file->isEnabled() && !file->problem().isEmpty())
            return file->problem();
    }
    if (m_cert->path().isEmpty() != m_key->path().isEmpty())
        return tr("A client certificate needs its key, and a key its certificate.");
    return {};
}

} // namespace Gui
