//! Plain text tables for people; JSON goes through serde.

use std::io::Write;

/// Columns padded to their widest cell, two spaces apart.
pub fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.to_string()
                } else {
                    format!("{c:<width$}", width = widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_line_up_and_the_last_is_not_padded() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["supabase:acme".to_owned(), "Acme".to_owned()],
            vec!["neon:u1".to_owned(), "Ada Lovelace".to_owned()],
        ];
        super::table(&mut out, &["CONNECTION", "NAME"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "CONNECTION     NAME\nsupabase:acme  Acme\nneon:u1        Ada Lovelace\n"
        );
    }
}
