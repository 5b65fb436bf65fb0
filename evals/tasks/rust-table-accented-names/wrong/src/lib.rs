//! Fixed-width text tables.

/// Fits `text` into exactly `width` characters: padded on the right with spaces, or cut to
/// `width - 1` characters followed by '…' when it is longer than `width`.
pub fn fit(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    if text.len() <= width {
        format!("{text:<width$}")
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

/// A table: the header row, a rule, then the rows; cells separated by " | ".
pub fn render(headers: &[&str], rows: &[Vec<String>], widths: &[usize]) -> String {
    let line = |cells: Vec<&str>| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| fit(cell, *width))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let mut out = String::new();
    out.push_str(&line(headers.to_vec()));
    out.push('\n');
    out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_short_cells() {
        assert_eq!(fit("Ann", 6), "Ann   ");
        assert_eq!(fit("", 2), "  ");
    }

    #[test]
    fn cuts_long_cells_with_an_ellipsis() {
        assert_eq!(fit("Bartholomew", 6), "Barth…");
        assert_eq!(fit("exactly", 7), "exactly");
    }

    #[test]
    fn renders_a_table() {
        let rows = vec![vec!["Ann".to_string(), "Porto".to_string()], vec!["Bartholomew".to_string(), "Lisbon".to_string()]];
        assert_eq!(
            render(&["Name", "City"], &rows, &[8, 6]),
            "Name     | City  \n---------+-------\nAnn      | Porto \nBarthol… | Lisbon\n"
        );
    }
}
