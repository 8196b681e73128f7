// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session.h"

#include <QDialog>

#include <map>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Gui {

/**
 * Adds or edits one scenario step: the kind, then only the fields that kind takes
 * (servers, fleets, templates and phases offered from the session), checked as
 * typed with the reason shown.
 */
class StepDialog : public QDialog
{
    Q_OBJECT

public:
    /** `phasesBefore`: phases begun before this step (a check may name one). */
    StepDialog(const NetCore::ScenarioStep &step, const NetCore::Session &session, const QStringList &phasesBefore,
               QWidget *parent = nullptr);

    NetCore::ScenarioStep step() const;
    QString problem() const;
    void setKind(NetCore::ScenarioStep::Kind kind);
    QLineEdit *behaviourEdit() const { return m_behaviour; }

private:
    void showFieldsForKind();
    void validate();

    QFormLayout *m_form = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_server = nullptr;
    QComboBox *m_proxy = nullptr;
    QComboBox *m_fleet = nullptr;
    QLineEdit *m_behaviour = nullptr;
    QLineEdit *m_faults = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QSpinBox *m_window = nullptr;
    QSpinBox *m_count = nullptr;
    QComboBox *m_template = nullptr;
    QDoubleSpinBox *m_seconds = nullptr;
    QComboBox *m_until = nullptr;
    QDoubleSpinBox *m_timeout = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_report = nullptr;
    QComboBox *m_phase = nullptr;
    QComboBox *m_metric = nullptr;
    QComboBox *m_op = nullptr;
    QDoubleSpinBox *m_value = nullptr;
    QLineEdit *m_csv = nullptr;
    QLineEdit *m_summary = nullptr;
    QLineEdit *m_hgrm = nullptr;
    QLineEdit *m_json = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    std::map<NetCore::ScenarioStep::Kind, QList<QWidget *>> m_fieldsOf;
    QString m_baseDirectory; // the session file's folder, for a relative rules file
};

} // namespace Gui
