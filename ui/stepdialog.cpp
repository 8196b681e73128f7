// SPDX-License-Identifier: GPL-3.0-or-later
#include "stepdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Gui {

using Kind = NetCore::ScenarioStep::Kind;

namespace {
QDoubleSpinBox *number(QWidget *parent, double minimum, double maximum, double value, int decimals, const QString &suffix = {})
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
}
} // namespace

StepDialog::StepDialog(const NetCore::ScenarioStep &step, const NetCore::Session &session, const QStringList &phasesBefore,
                       QWidget *parent)
    : QDialog(parent)
    , m_baseDirectory(session.baseDirectory)
{
    setWindowTitle(tr("Scenario step"));
    m_kind = new QComboBox(this);
    m_kind->addItems(NetCore::ScenarioStep::kindNames());
    m_server = new QComboBox(this);
    for (const auto &server : session.servers)
        m_server->addItem(server.name);
    m_proxy = new QComboBox(this);
    for (const auto &proxy : session.proxies)
        m_proxy->addItem(proxy.name);
    m_fleet = new QComboBox(this);
    for (const auto &fleet : session.fleets)
        m_fleet->addItem(fleet.name);
    m_behaviour = new QLineEdit(step.behaviour, this);
    m_behaviour->setToolTip(NetCore::BehaviourSpec::syntax());
    m_faults = new QLineEdit(step.faults.join(QLatin1Char(' ')), this);
    m_faults->setToolTip(NetCore::FaultPlan::syntax());
    m_faults->setPlaceholderText(tr("none (removes the faults)"));
    m_rate = number(this, 0.001, 1e9, step.rate > 0 ? step.rate : 1000, 3, tr(" /s"));
    m_window = new QSpinBox(this);
    m_window->setRange(1, 1'000'000);
    m_window->setValue(std::max(step.window, 1));
    m_count = new QSpinBox(this);
    m_count->setRange(1, std::numeric_limits<int>::max());
    m_count->setValue(int(std::clamp<qint64>(step.count, 1, std::numeric_limits<int>::max())));
    m_template = new QComboBox(this);
    m_template->addItem(tr("the fleet's own message"));
    for (const auto &t : session.templates)
        m_template->addItem(t.name);
    m_seconds = number(this, 0, 86'400 * 30, step.seconds, 3, tr(" s"));
    m_until = new QComboBox(this);
    m_until->addItems({QStringLiteral("connected"), QStringLiteral("received"), QStringLiteral("finished")});
    m_timeout = number(this, 0.001, 86'400, step.timeoutSeconds, 3, tr(" s"));
    m_name = new QLineEdit(step.name, this);
    m_report = new QCheckBox(tr("counted in reports and checks"), this);
    m_report->setChecked(step.report);
    m_phase = new QComboBox(this);
    m_phase->addItem(tr("the whole run"));
    m_phase->addItems(phasesBefore);
    m_metric = new QComboBox(this);
    m_metric->addItems(NetCore::ScenarioStep::metricNames());
    m_op = new QComboBox(this);
    m_op->addItems(NetCore::ScenarioStep::opNames());
    m_value = number(this, -1e15, 1e15, step.value, 3);
    m_csv = new QLineEdit(step.csv, this);
    m_summary = new QLineEdit(step.summary, this);
    m_hgrm = new QLineEdit(step.hgrm, this);
    m_json = new QLineEdit(step.json, this);
    m_problem = new QLabel(this);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->setWordWrap(true);

    m_form = new QFormLayout;
    m_form->addRow(tr("Step"), m_kind);
    const QList<std::pair<QString, QWidget *>> rows{
        {tr("Server"), m_server},    {tr("Proxy"), m_proxy},         {tr("Fleet"), m_fleet},
        {tr("Behaviour"), m_behaviour},
        {tr("Faults"), m_faults},    {tr("Rate"), m_rate},           {tr("Window"), m_window},
        {tr("Count"), m_count},      {tr("Message"), m_template},    {tr("Duration"), m_seconds},
        {tr("Until"), m_until},      {tr("Timeout"), m_timeout},     {tr("Phase name"), m_name},
        {QString(), m_report},       {tr("Over"), m_phase},          {tr("Metric"), m_metric},
        {tr("Is"), m_op},            {tr("Bound"), m_value},         {tr("Time series CSV"), m_csv},
        {tr("Summary CSV"), m_summary}, {tr(".hgrm"), m_hgrm},       {tr("JSON"), m_json}};
    for (const auto &[label, widget] : rows)
        m_form->addRow(label, widget);
    m_form->addRow(QString(), m_problem);
    m_fieldsOf = {
        {Kind::StartServer, {m_server}},
        {Kind::StopServer, {m_server}},
        {Kind::StartProxy, {m_proxy}},
        {Kind::StopProxy, {m_proxy}},
        {Kind::SetProxyFaults, {m_proxy, m_faults}},
        {Kind::SetBehaviour, {m_server, m_behaviour}},
        {Kind::SetFaults, {m_server, m_faults}},
        {Kind::Connect, {m_fleet}},
        {Kind::Disconnect, {m_fleet}},
        {Kind::SetRate, {m_fleet, m_rate}},
        {Kind::SetWindow, {m_fleet, m_window}},
        {Kind::Send, {m_fleet, m_count, m_template}},
        {Kind::Hold, {m_seconds}},
        {Kind::Wait, {m_until, m_fleet, m_count, m_timeout}},
        {Kind::Phase, {m_name, m_report}},
        {Kind::Check, {m_fleet, m_phase, m_metric, m_op, m_value}},
        {Kind::Report, {m_csv, m_summary, m_hgrm, m_json}},
    };
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_buttons);

    // Start from the step as it is.
    m_kind->setCurrentText(NetCore::ScenarioStep::kindName(step.kind));
    if (!step.server.isEmpty())
        m_server->setCurrentText(step.server);
    if (!step.proxy.isEmpty())
        m_proxy->setCurrentText(step.proxy);
    if (!step.fleet.isEmpty())
        m_fleet->setCurrentText(step.fleet);
    if (!step.templateName.isEmpty())
        m_template->setCurrentText(step.templateName);
    if (!step.until.isEmpty())
        m_until->setCurrentText(step.until);
    if (!step.phase.isEmpty())
        m_phase->setCurrentText(step.phase);
    if (!step.metric.isEmpty())
        m_metric->setCurrentText(step.metric);
    if (!step.op.isEmpty())
        m_op->setCurrentText(step.op);

    connect(m_kind, &QComboBox::currentTextChanged, this, &StepDialog::showFieldsForKind);
    connect(m_until, &QComboBox::currentTextChanged, this, &StepDialog::showFieldsForKind);
    for (QLineEdit *edit : {m_behaviour, m_faults, m_name, m_csv, m_summary, m_hgrm, m_json})
        connect(edit, &QLineEdit::textChanged, this, &StepDialog::validate);
    showFieldsForKind();
}

void StepDialog::setKind(Kind kind)
{
    m_kind->setCurrentText(NetCore::ScenarioStep::kindName(kind));
}

void StepDialog::showFieldsForKind()
{
    Kind kind = Kind::Hold;
    NetCore::ScenarioStep::kindFromName(m_kind->currentText(), &kind);
    QList<QWidget *> shown = m_fieldsOf[kind];
    if (kind == Kind::Wait && m_until->currentText() != QLatin1String("received"))
        shown.removeAll(m_count);
    for (int row = 1; row < m_form->rowCount() - 1; ++row) {
        QWidget *field = m_form->itemAt(row, QFormLayout::FieldRole)->widget();
        m_form->setRowVisible(row, shown.contains(field));
    }
    validate();
}

QString StepDialog::problem() const
{
    return m_problem->text();
}

void StepDialog::validate()
{
    Kind kind = Kind::Hold;
    NetCore::ScenarioStep::kindFromName(m_kind->currentText(), &kind);
    const QList<QWidget *> &fields = m_fieldsOf[kind];
    QString problem;
    QString why;
    if (fields.contains(m_server) && m_server->count() == 0)
        problem = tr("This session has no server yet: add one first.");
    else if (fields.contains(m_proxy) && m_proxy->count() == 0)
        problem = tr("This session has no proxy yet: add one first.");
    else if (fields.contains(m_fleet) && m_fleet->count() == 0)
        problem = tr("This session has no fleet yet: add one first.");
    else if (kind == Kind::SetBehaviour && !NetCore::BehaviourSpec::parse(m_behaviour->text().trimmed(), &why, m_baseDirectory))
        problem = why;
    else if (kind == Kind::SetFaults && !NetCore::FaultPlan::parse(m_faults->text().split(QLatin1Char(' '), Qt::SkipEmptyParts), &why))
        problem = why;
    else if (kind == Kind::SetProxyFaults
             && !NetCore::ProxyFaults::parse(m_faults->text().split(QLatin1Char(' '), Qt::SkipEmptyParts), &why))
        problem = why;
    else if (kind == Kind::Phase && m_name->text().trimmed().isEmpty())
        problem = tr("A phase needs a name.");
    else if (kind == Kind::Report && m_csv->text().isEmpty() && m_summary->text().isEmpty() && m_hgrm->text().isEmpty()
             && m_json->text().isEmpty())
        problem = tr("Name at least one file to write.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

NetCore::ScenarioStep StepDialog::step() const
{
    NetCore::ScenarioStep step;
    NetCore::ScenarioStep::kindFromName(m_kind->currentText(), &step.kind);
    const QList<QWidget *> fields = m_fieldsOf.at(step.kind);
    if (fields.contains(m_server))
        step.server = m_server->currentText();
    if (fields.contains(m_proxy))
        step.proxy = m_proxy->currentText();
    if (fields.contains(m_fleet))
        step.fleet = m_fleet->currentText();
    switch (step.kind) {
    case Kind::SetBehaviour: step.behaviour = m_behaviour->text().trimmed(); break;
    case Kind::SetFaults:
    case Kind::SetProxyFaults: step.faults = m_faults->text().split(QLatin1Char(' '), Qt::SkipEmptyParts); break;
    case Kind::SetRate: step.rate = m_rate->value(); break;
    case Kind::SetWindow: step.window = m_window->value(); break;
    case Kind::Send:
        step.count = m_count->value();
        step.templateName = m_template->currentIndex() == 0 ? QString() : m_template->currentText();
        break;
    case Kind::Hold: step.seconds = m_seconds->value(); break;
    case Kind::Wait:
        step.until = m_until->currentText();
        if (step.until == QLatin1String("received"))
            step.count = m_count->value();
        step.timeoutSeconds = m_timeout->value();
        break;
    case Kind::Phase:
        step.name = m_name->text().trimmed();
        step.report = m_report->isChecked();
        break;
    case Kind::Check:
        step.phase = m_phase->currentIndex() == 0 ? QString() : m_phase->currentText();
        step.metric = m_metric->currentText();
        step.op = m_op->currentText();
        step.value = m_value->value();
        break;
    case Kind::Report:
        step.csv = m_csv->text().trimmed();
        step.summary = m_summary->text().trimmed();
        step.hgrm = m_hgrm->text().trimmed();
        step.json = m_json->text().trimmed();
        break;
    default: break;
    }
    return step;
}

} // namespace Gui
