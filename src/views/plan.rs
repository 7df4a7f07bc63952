//! The view of a strategy plan: its goals → outcomes → strategic issues → activities as table
//! rows whose merged cells carry a rowspan, each cell numbered within its parent and addressable
//! by its id.

use crate::frontmatter::strategy::{PlanStatus, StrategyFront};
use super::RefLink;
use serde::Serialize;

#[derive(Serialize)]
pub struct PlanView<'a> {
    pub status: PlanStatus,
    /// `first–last` Buddhist-era year.
    pub period: Option<String>,
    pub rows: Vec<PlanRow<'a>>,
    pub goals: usize,
    pub outcomes: usize,
    pub issues: usize,
    pub activities: usize,
}

/// One table row: the cells that start on it (merged cells appear once, with their rowspan).
#[derive(Serialize, Default)]
pub struct PlanRow<'a> {
    pub goal: Option<Cell<'a>>,
    pub outcome: Option<Cell<'a>>,
    pub issue: Option<Cell<'a>>,
    pub activity: Option<Cell<'a>>,
}

#[derive(Serialize)]
pub struct Cell<'a> {
    pub id: &'a str,
    /// Position within the parent, 1-based.
    pub number: usize,
    pub title: &'a str,
    pub rowspan: usize,
    /// For an activity: the competencies it builds (editors' annotation).
    pub competencies: Vec<RefLink>,
}

/// The table rows of a plan; an item without children still takes one row. `competencies` gives
/// the competencies an activity builds.
pub fn plan_view<'a>(plan: &'a StrategyFront, competencies: &dyn Fn(&str) -> Vec<RefLink>) -> PlanView<'a> {
    let mut rows = Vec::new();
    let (mut outcomes, mut issues, mut activities) = (0, 0, 0);
    for (g, goal) in plan.goals.iter().enumerate() {
        let goal_rows = goal.outcomes.iter().map(|o| o.issues.iter().map(|i| i.activities.len().max(1)).sum::<usize>().max(1)).sum::<usize>().max(1);
        let first_goal_row = rows.len();
        rows.push(PlanRow { goal: Some(cell(goal.id.get_ref().as_str(), g, &goal.title, goal_rows)), ..PlanRow::default() });
        for (o, outcome) in goal.outcomes.iter().enumerate() {
            outcomes += 1;
            let outcome_rows = outcome.issues.iter().map(|i| i.activities.len().max(1)).sum::<usize>().max(1);
            let row = start_row(&mut rows, first_goal_row, o == 0);
            rows[row].outcome = Some(cell(outcome.id.get_ref().as_str(), o, &outcome.title, outcome_rows));
            for (i, issue) in outcome.issues.iter().enumerate() {
                issues += 1;
                let row = start_row(&mut rows, row, i == 0);
                rows[row].issue = Some(cell(issue.id.get_ref().as_str(), i, &issue.title, issue.activities.len().max(1)));
                for (a, activity) in issue.activities.iter().enumerate() {
                    activities += 1;
                    let row = start_row(&mut rows, row, a == 0);
                    let id = activity.id.get_ref().as_str();
                    rows[row].activity = Some(Cell { competencies: competencies(id), ..cell(id, a, &activity.title, 1) });
                }
            }
        }
    }
    PlanView {
        status: plan.status,
        period: plan.period.map(|[from, to]| format!("{from}–{to}")),
        rows,
        goals: plan.goals.len(),
        outcomes,
        issues,
        activities,
    }
}

/// The row a child starts on: its parent's row for the first child, a new row for the others.
fn start_row(rows: &mut Vec<PlanRow<'_>>, parent_row: usize, first: bool) -> usize {
    if first {
        parent_row
    } else {
        rows.push(PlanRow::default());
        rows.len() - 1
    }
}

fn cell<'a>(id: &'a str, index: usize, title: &'a str, rowspan: usize) -> Cell<'a> {
    Cell { id, number: index + 1, title, rowspan, competencies: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_span_their_descendants_rows() {
        let plan: StrategyFront = toml::from_str(
            r#"
            title = "p"
            status = "draft"
            [[goals]]
            id = "g1"
            title = "G1"
            [[goals.outcomes]]
            id = "o1"
            title = "O1"
            [[goals.outcomes.issues]]
            id = "i1"
            title = "I1"
            [[goals.outcomes.issues.activities]]
            id = "a1"
            title = "A1"
            [[goals.outcomes.issues.activities]]
            id = "a2"
            title = "A2"
            [[goals.outcomes.issues]]
            id = "i2"
            title = "I2"
            [[goals]]
            id = "g2"
            title = "G2"
            "#,
        )
        .unwrap();
        let view = plan_view(&plan, &|_| Vec::new());
        assert_eq!(view.rows.len(), 4, "a1, a2, i2 (no activities), g2 (no outcomes)");
        assert_eq!(view.rows[0].goal.as_ref().unwrap().rowspan, 3);
        assert_eq!(view.rows[0].outcome.as_ref().unwrap().rowspan, 3);
        assert_eq!(view.rows[0].issue.as_ref().unwrap().rowspan, 2);
        assert_eq!(view.rows[1].activity.as_ref().unwrap().id, "a2");
        assert!(view.rows[1].goal.is_none() && view.rows[1].issue.is_none());
        assert_eq!(view.rows[2].issue.as_ref().unwrap().number, 2);
        assert_eq!(view.rows[3].goal.as_ref().unwrap().number, 2);
        assert_eq!((view.goals, view.outcomes, view.issues, view.activities), (2, 1, 2, 2));
    }
}
