//! Inter-annotator agreement, as plain arithmetic: Fleiss' kappa and
//! Krippendorff's alpha (nominal) over the labels many people gave many
//! items (`counts[item][class]`). No SQL, no gRPC.

/// Fleiss' kappa over `counts[item][class]` (how many raters put the item
/// in the class). Items rated by fewer than two raters are left out; items
/// may have different numbers of raters (each item's agreement is over its
/// own pairs). None when no item has two raters or the expected agreement
/// is 1 (every vote in one class).
pub fn fleiss_kappa(counts: &[Vec<u32>]) -> Option<f64> {
    let rated: Vec<&Vec<u32>> = counts
        .iter()
        .filter(|row| row.iter().sum::<u32>() >= 2)
        .collect();
    if rated.is_empty() {
        return None;
    }
    let classes = rated.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut totals = vec![0.0; classes];
    let mut all = 0.0;
    let mut agreement = 0.0;
    for row in &rated {
        let n: f64 = row.iter().map(|c| f64::from(*c)).sum();
        let same: f64 = row
            .iter()
            .map(|c| f64::from(*c) * (f64::from(*c) - 1.0))
            .sum();
        agreement += same / (n * (n - 1.0));
        for (k, c) in row.iter().enumerate() {
            totals[k] += f64::from(*c);
        }
        all += n;
    }
    let p_bar = agreement / rated.len() as f64;
    let p_e: f64 = totals.iter().map(|t| (t / all) * (t / all)).sum();
    if (1.0 - p_e).abs() < 1e-12 {
        return None;
    }
    Some((p_bar - p_e) / (1.0 - p_e))
}

/// Krippendorff's alpha for nominal data over `counts[unit][value]` (how
/// many coders gave the unit the value; missing values are simply absent).
/// Units with fewer than two values are not pairable and are left out.
/// None when fewer than two pairable values exist or all are one value.
pub fn krippendorff_alpha_nominal(counts: &[Vec<u32>]) -> Option<f64> {
    let values = counts.iter().map(|r| r.len()).max().unwrap_or(0);
    // Coincidences: o[c][c] on the diagonal, n_c the margins.
    let mut diagonal = 0.0;
    let mut margins = vec![0.0; values];
    for row in counts {
        let m: f64 = row.iter().map(|c| f64::from(*c)).sum();
        if m < 2.0 {
            continue;
        }
        for (c, n) in row.iter().enumerate() {
            let n = f64::from(*n);
            diagonal += n * (n - 1.0) / (m - 1.0);
            margins[c] += n;
        }
    }
    let n: f64 = margins.iter().sum();
    if n < 2.0 {
        return None;
    }
    let expected = n * n - margins.iter().map(|m| m * m).sum::<f64>();
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * (n - diagonal) / expected)
}

/// `counts[item][class]` from `(item, label, count)` rows: items and
/// labels in order of their keys.
pub fn table<I: Ord + Copy>(rows: impl IntoIterator<Item = (I, String, u32)>) -> Vec<Vec<u32>> {
    use std::collections::{BTreeMap, BTreeSet};
    let rows: Vec<(I, String, u32)> = rows.into_iter().collect();
    let labels: BTreeSet<&str> = rows.iter().map(|(_, l, _)| l.as_str()).collect();
    let labels: Vec<&str> = labels.into_iter().collect();
    let mut items: BTreeMap<I, Vec<u32>> = BTreeMap::new();
    for (item, label, n) in &rows {
        let row = items.entry(*item).or_insert_with(|| vec![0; labels.len()]);
        if let Ok(k) = labels.binary_search(&label.as_str()) {
            row[k] += n;
        }
    }
    items.into_values().collect()
}

/// A metric as the API shows it: four decimal places ("0.2099").
pub fn four_places(value: f64) -> String {
    format!("{value:.4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fleiss' worked example as reproduced in most references (Wikipedia,
    /// "Fleiss' kappa"): 10 subjects, 14 raters, 5 categories; P̄ = 0.378,
    /// P̄e = 0.213, κ = 0.210.
    #[test]
    fn fleiss_kappa_of_the_worked_example() {
        let table: Vec<Vec<u32>> = vec![
            vec![0, 0, 0, 0, 14],
            vec![0, 2, 6, 4, 2],
            vec![0, 0, 3, 5, 6],
            vec![0, 3, 9, 2, 0],
            vec![2, 2, 8, 1, 1],
            vec![7, 7, 0, 0, 0],
            vec![3, 2, 6, 3, 0],
            vec![2, 5, 3, 2, 2],
            vec![6, 5, 2, 1, 0],
            vec![0, 2, 2, 3, 7],
        ];
        let kappa = fleiss_kappa(&table).expect("kappa");
        assert!((kappa - 0.210).abs() < 0.0005, "{kappa}");
    }

    /// Fleiss (1971) defines each category's kappa as the table collapsed
    /// to that category against the rest; with two categories it is the
    /// overall kappa.
    #[test]
    fn a_category_kappa_of_two_categories_is_the_overall_kappa() {
        let table = vec![vec![3, 1], vec![0, 4], vec![2, 2], vec![4, 0], vec![1, 3]];
        let flipped: Vec<Vec<u32>> = table.iter().map(|r| vec![r[1], r[0]]).collect();
        let a = fleiss_kappa(&table).expect("kappa");
        let b = fleiss_kappa(&flipped).expect("kappa");
        assert!((a - b).abs() < 1e-12);
    }

    #[test]
    fn fleiss_kappa_extremes() {
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![0, 3]]), Some(1.0));
        assert_eq!(fleiss_kappa(&[vec![1, 0]]), None, "one rater");
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![2, 0]]), None, "one class");
    }

    /// Krippendorff's standard example ("Computing Krippendorff's
    /// alpha-reliability", 2011): 4 observers, 12 units, values 1–5 with
    /// missing data; nominal α = 0.743.
    #[test]
    fn krippendorff_alpha_of_the_standard_example() {
        let observers: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let mut counts = vec![vec![0u32; 6]; 12];
        for row in observers {
            for (unit, value) in row.iter().enumerate() {
                if *value > 0 {
                    counts[unit][usize::from(*value)] += 1;
                }
            }
        }
        let alpha = krippendorff_alpha_nominal(&counts).expect("alpha");
        assert!((alpha - 0.743).abs() < 0.0005, "{alpha}");
    }
}
