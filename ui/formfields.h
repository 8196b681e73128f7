// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>
#include <QSpinBox>

/** Small pieces the forms share: a field's problem shown beside it, and number fields. */
namespace Gui::FormFields {

/** A red, wrapping label for a field's problem; hidden while there is none. */
inline QLabel *problemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setWordWrap(true);
    label->hide();
    return label;
}

inline void showProblem(QLabel *label, const QString &problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

/** A whole-number field; `special` names its minimum (as "never", "no limit"). */
inline QSpinBox *spin(QWidget *parent, int minimum, int maximum, qint64 value, const QString &special = {},
                      const QString &suffix = {})
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setValue(int(std::clamp<qint64>(value, minimum, maximum)));
    if (!special.isEmpty())
        box->setSpecialValueText(special);
    box->setSuffix(suffix);
    return box;
}

} // namespace Gui::FormFields
