//! Bar charts drawn on the server as SVG: no chart library, no script.
//! Each chart has a title and a description for screen readers, and a
//! table of the same numbers follows it on the page.
use chrono::NaiveDate;
use maud::{Markup, html};

/// One series of a chart: its name, CSS class (colour) and a value a day.
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub values: Vec<f64>,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;

/// A "nice" top of the axis at or above `max`.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

fn label(value: f64) -> String {
    if value.fract().abs() < f64::EPSILON {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Grouped bars, one group a day.
pub fn bars(id: &str, title: &str, days: &[NaiveDate], series: &[Series]) -> Markup {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let top = nice_top(max);
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let count = days.len().max(1) as f64;
    let group = plot_w / count;
    let bar = (group * 0.8) / (series.len().max(1) as f64);
    let y = |v: f64| TOP + plot_h - (v / top) * plot_h;
    let total: f64 = series.iter().flat_map(|s| s.values.iter()).sum();
    let desc = format!(
        "{title}, {} to {}: {}",
        days.first().map(|d| d.to_string()).unwrap_or_default(),
        days.last().map(|d| d.to_string()).unwrap_or_default(),
        series
            .iter()
            .map(|s| format!("{} total {}", s.name, label(s.values.iter().sum())))
            .collect::<Vec<_>>()
            .join("; ")
    );
    html! {
        figure.chart {
            svg id=(id) viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img"
                aria-labelledby={ (id) "-title " (id) "-desc" } xmlns="http://www.w3.org/2000/svg" {
                title id={ (id) "-title" } { (title) }
                desc id={ (id) "-desc" } { (desc) }
                @for tick in [0.0, 0.5, 1.0] {
                    @let v = top * tick;
                    line.grid x1=(LEFT) x2=(WIDTH - 8.0) y1=(y(v)) y2=(y(v)) {}
                    text.axis x=(LEFT - 6.0) y=(y(v) + 4.0) text-anchor="end" { (label(v)) }
                }
                @for (i, day) in days.iter().enumerate() {
                    @let x0 = LEFT + group * i as f64 + group * 0.1;
                    @for (k, s) in series.iter().enumerate() {
                        @let v = s.values.get(i).copied().unwrap_or(0.0);
                        @if v > 0.0 {
                            rect class=(s.class) x=(x0 + bar * k as f64) y=(y(v)) width=(bar.max(1.0) - 0.5) height=(plot_h * v / top) {
                                title { (day) " " (s.name) ": " (label(v)) }
                            }
                        }
                    }
                    @if i % 5 == 0 || i + 1 == days.len() {
                        text.axis x=(x0 + group * 0.4) y=(HEIGHT - 6.0) text-anchor="middle" { (day.format("%d %b")) }
                    }
                }
            }
            figcaption {
                strong { (title) }
                @if total == 0.0 { " — nothing yet in these days" }
                span.legend {
                    @for s in series { span class={ "key " (s.class) } { (s.name) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_top_is_a_round_number_at_or_above_the_maximum() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(12.0), 20.0);
        assert_eq!(nice_top(240.0), 250.0);
    }

    #[test]
    fn a_chart_is_svg_with_a_bar_per_nonzero_value() {
        let days: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2025, 11, 1)
            .expect("date")
            .iter_days()
            .take(3)
            .collect();
        let series = [Series {
            name: "games",
            class: "s1",
            values: vec![1.0, 0.0, 3.0],
        }];
        let svg = bars("c", "Games", &days, &series).into_string();
        assert!(svg.contains("<svg"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("games total 4"));
    }
}
