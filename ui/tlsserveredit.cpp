// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsserveredit.h"

#include "filepathedit.h"
#include "formfields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRadioButton>

namespace Gui {

TlsServerEdit::TlsServerEdit(const QString &baseDirectory, QWidget *parent)
    : QGroupBox(tr("TLS"), parent)
    , m_selfSigned(new QRadioButton(tr("Self-signed, made at start (its fingerprint is shown)"), this))
    , m_ownCertificate(new QRadioButton(tr("This certificate and key:"), this))
    , m_cert(new FilePathEdit(tr("certificate"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_key(new FilePathEdit(tr("key"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_clientCa(new FilePathEdit(tr("client CA file"), FilePathEdit::PemFilter, baseDirectory, this))
    , m_alpn(new QLineEdit(this))
    , m_minVersion(new QComboBox(this))
{
    setCheckable(true);
    setChecked(false);
    m_selfSigned->setChecked(true);
    m_clientCa->setPlaceholderText(tr("none: no client certificate asked for"));
    m_alpn->setPlaceholderText(tr("none; e.g. http/1.1"));
    m_minVersion->addItems({tr("library default (1.2)"), QStringLiteral("1.2"), QStringLiteral("1.3")});
    auto *form = new QFormLayout(this);
    form->addRow(m_selfSigned);
    form->addRow(m_ownCertificate);
    form->addRow(tr("Certificate"), m_cert);
    form->addRow(tr("Key"), m_key);
    form->addRow(tr("Require client certificates from"), m_clientCa);
    form->addRow(tr("ALPN"), m_alpn);
    form->addRow(tr("Lowest version"), m_minVersion);
    m_problem = FormFields::problemLabel(this);
    form->addRow(m_problem);
    connect(this, &TlsServerEdit::changed, this, [this] { FormFields::showProblem(m_problem, problem()); });
    connect(this, &QGroupBox::toggled, this, &TlsServerEdit::changed);
    connect(m_selfSigned, &QRadioButton::toggled, this, &TlsServerEdit::updateEnabled);
    connect(m_selfSigned, &QRadioButton::toggled, this, &TlsServerEdit::changed);
    for (FilePathEdit *file : {m_cert, m_key, m_clientCa})
        connect(file, &FilePathEdit::changed, this, &TlsServerEdit::changed);
    connect(m_alpn, &QLineEdit::textChanged, this, &TlsServerEdit::changed);
    connect(m_minVersion, &QComboBox::currentIndexChanged, this, &TlsServerEdit::changed);
    updateEnabled();
}

void TlsServerEdit::updateEnabled()
{
    m_cert->setEnabled(m_ownCertificate->isChecked());
    m_key->setEnabled(m_ownCertificate->isChecked());
}

NetCore::TlsServerSettings TlsServerEdit::settings() const
{
    NetCore::TlsServerSettings tls;
    tls.enabled = isChecked();
    if (!tls.enabled)
        return tls;
    if (m_ownCertificate->isChecked()) {
        tls.certFile = m_cert->path();
        tls.keyFile = m_key->path();
    }
    tls.clientCaFile = m_clientCa->path();
    tls.alpn = m_alpn->text().trimmed().toLatin1();
    tls.minVersion = m_minVersion->currentIndex() == 0 ? QString() : m_minVersion->currentText();
    return tls;
}

void TlsServerEdit::setSettings(const NetCore::TlsServerSettings &tls)
{
    setChecked(tls.enabled);
    (tls.selfSigned() ? m_selfSigned : m_ownCertificate)->setChecked(true);
    m_cert->setPath(tls.certFile);
    m_key->setPath(tls.keyFile);
    m_clientCa->setPath(tls.clientCaFile);
    m_alpn->setText(QString::fromLatin1(tls.alpn));
    m_minVersion->setCurrentIndex(std::max(0, m_minVersion->findText(tls.minVersion)));
    updateEnabled();
}

QString TlsServerEdit::problem() const
{
    if (!isChecked())
        return {};
    if (m_ownCertificate->isChecked()) {
        if (m_cert->path().isEmpty() || m_key->path().isEmpty())
            return tr("Give the certificate and its key, or choose self-signed.");
        for (const FilePathEdit *file : {m_cert, m_key}) {
            if (!file->problem().isEmpty())
                return file->problem();
        }
    }
    return m_clientCa->problem();
}

} // namespace Gui
