// Hidden checks: widths count characters, so accented names pad and cut like ASCII ones, never panic,
// and every line of a table has the same number of characters.
use tabula::{fit, render};

fn chars(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn pads_accented_text_to_the_width_in_characters() {
    assert_eq!(fit("Zoë", 6), "Zoë   ");
    assert_eq!(fit("Łódź", 5), "Łódź ");
    assert_eq!(fit("Zoë Ann", 7), "Zoë Ann");
    assert_eq!(fit("Ana", 3), "Ana");
}

#[test]
fn cuts_accented_text_on_characters() {
    assert_eq!(fit("Björn Ångström", 8), "Björn Å…");
    assert_eq!(fit("Ñuñoa, Santiago", 6), "Ñuñoa…");
    assert_eq!(fit("ééééé", 4), "ééé…");
    assert_eq!(fit("ab", 1), "…");
}

#[test]
fn every_cell_is_exactly_its_width() {
    for text in ["", "x", "Zoë", "Ærøskøbing", "São João da Madeira", "plain ascii text", "€€€€€€€€€€"] {
        for width in 1..=12 {
            let cell = fit(text, width);
            assert_eq!(chars(&cell), width, "fit({text:?}, {width}) = {cell:?}");
            if chars(text) <= width {
                assert!(cell.starts_with(text), "fit({text:?}, {width}) cut a text that fits: {cell:?}");
            } else {
                assert!(cell.ends_with('…'), "fit({text:?}, {width}) = {cell:?} should end with …");
            }
        }
    }
}

#[test]
fn table_lines_line_up() {
    let rows = vec![
        vec!["Zoë Ann".to_string(), "Łódź".to_string(), "12".to_string()],
        vec!["Bartholomew".to_string(), "Porto".to_string(), "7".to_string()],
        vec!["Jürgen Müller-Lüdenscheidt".to_string(), "Köln".to_string(), "130".to_string()],
    ];
    let table = render(&["Name", "City", "Orders"], &rows, &[10, 6, 6]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert_eq!(chars(line), 10 + 3 + 6 + 3 + 6, "misaligned line {line:?} in\n{table}");
    }
    assert_eq!(lines[2], "Zoë Ann    | Łódź   | 12    ");
    assert_eq!(lines[4], "Jürgen Mü… | Köln   | 130   ");
}
