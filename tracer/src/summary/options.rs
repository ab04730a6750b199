//! `-S`, `-U` and `-O`: the summary table's order, columns and overhead, parsed with
//! strace 7.2's names and aliases (and its messages for bad ones).

/// A column of the table (`-U`), also what `-S` sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// `% time`: the call's share of the total time.
    TimePercent,
    /// `seconds`: the total time.
    TotalTime,
    /// `shortest`: the shortest call.
    MinTime,
    /// `longest`: the longest call.
    MaxTime,
    /// `usecs/call`: the average call.
    AvgTime,
    Calls,
    Errors,
    /// `syscall`: the name.
    Name,
    /// `wall-total`, `wall-min`, `wall-max`, `wall-avg`: latency even without `-w`.
    WallTotal,
    WallMin,
    WallMax,
    WallAvg,
    /// Ours: the median and 99th percentile call (`-U p50,p99`).
    P50,
    P99,
}

/// strace's default columns: `time-percent,total-time,avg-time,calls,errors,name`.
pub const DEFAULT_COLUMNS: &[Column] = &[
    Column::TimePercent,
    Column::TotalTime,
    Column::AvgTime,
    Column::Calls,
    Column::Errors,
    Column::Name,
];

/// Every name strace 7.2 accepts for a column or a sort key (its `column_aliases`), and
/// ours; `None` is `nothing`/`none` (no order: by syscall number).
const NAMES: &[(&str, Option<Column>)] = {
    use Column::*;
    &[
        ("time", Some(TimePercent)),
        ("time_percent", Some(TimePercent)),
        ("time-percent", Some(TimePercent)),
        ("time_total", Some(TotalTime)),
        ("time-total", Some(TotalTime)),
        ("total_time", Some(TotalTime)),
        ("total-time", Some(TotalTime)),
        ("min_time", Some(MinTime)),
        ("min-time", Some(MinTime)),
        ("shortest", Some(MinTime)),
        ("time_min", Some(MinTime)),
        ("time-min", Some(MinTime)),
        ("longest", Some(MaxTime)),
        ("max_time", Some(MaxTime)),
        ("max-time", Some(MaxTime)),
        ("time_max", Some(MaxTime)),
        ("time-max", Some(MaxTime)),
        ("avg_time", Some(AvgTime)),
        ("avg-time", Some(AvgTime)),
        ("time_avg", Some(AvgTime)),
        ("time-avg", Some(AvgTime)),
        ("calls", Some(Calls)),
        ("count", Some(Calls)),
        ("error", Some(Errors)),
        ("errors", Some(Errors)),
        ("name", Some(Name)),
        ("syscall", Some(Name)),
        ("syscall_name", Some(Name)),
        ("syscall-name", Some(Name)),
        ("wall_total", Some(WallTotal)),
        ("wall-total", Some(WallTotal)),
        ("total_wall", Some(WallTotal)),
        ("total-wall", Some(WallTotal)),
        ("wall_min", Some(WallMin)),
        ("wall-min", Some(WallMin)),
        ("min_wall", Some(WallMin)),
        ("min-wall", Some(WallMin)),
        ("wall_max", Some(WallMax)),
        ("wall-max", Some(WallMax)),
        ("max_wall", Some(WallMax)),
        ("max-wall", Some(WallMax)),
        ("wall_avg", Some(WallAvg)),
        ("wall-avg", Some(WallAvg)),
        ("avg_wall", Some(WallAvg)),
        ("avg-wall", Some(WallAvg)),
        ("p50", Some(P50)),
        ("median", Some(P50)),
        ("p99", Some(P99)),
        ("none", None),
        ("nothing", None),
    ]
};

fn lookup(name: &str) -> Option<Option<Column>> {
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The table's order (`-S`): by a column, or `None` for syscall-number order.
pub fn parse_sort(s: &str) -> Result<Option<Column>, String> {
    lookup(s).ok_or_else(|| format!("invalid sortby: '{s}'"))
}

/// The table's columns (`-U`), as strace reads them: each once, and the name column
/// added at the end when not asked for (a table without names means nothing).
pub fn parse_columns(s: &str) -> Result<Vec<Column>, String> {
    let mut columns: Vec<Column> = Vec::new();
    let mut rest = s;
    loop {
        let (item, next) = match rest.split_once(',') {
            Some((item, next)) => (item, Some(next)),
            None => (rest, None),
        };
        match lookup(item) {
            Some(Some(c)) if columns.contains(&c) => {
                return Err(format!(
                    "call summary column has been provided more than once: '{item}' \
                     (-U option residual: '{rest}')"
                ))
            }
            Some(Some(c)) => columns.push(c),
            _ => return Err(format!("unknown column name: '{item}'")),
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    if !columns.contains(&Column::Name) {
        columns.push(Column::Name);
    }
    Ok(columns)
}

/// `-O OVERHEAD[UNIT]`: a duration (decimals allowed), in microseconds unless `s`, `ms`,
/// `us` or `ns` follows; in nanoseconds.
pub fn parse_overhead(s: &str) -> Result<u64, String> {
    let bad = || format!("invalid -O argument: '{s}'");
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let scale: u64 = match unit {
        "" | "us" => 1_000,
        "ns" => 1,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        _ => return Err(bad()),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && frac.is_empty() || frac.contains('.') {
        return Err(bad());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    // The fraction in nanoseconds of the unit, digits beyond a nanosecond dropped.
    let mut frac_ns: u64 = 0;
    let mut place = scale;
    for d in frac.bytes() {
        place /= 10;
        frac_ns += u64::from(d - b'0') * place;
    }
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_ns))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strace_names_and_messages() {
        assert_eq!(parse_sort("calls"), Ok(Some(Column::Calls)));
        assert_eq!(parse_sort("nothing"), Ok(None));
        assert_eq!(parse_sort("bogus"), Err("invalid sortby: 'bogus'".into()));
        assert_eq!(
            parse_columns("calls,p99").unwrap(),
            [Column::Calls, Column::P99, Column::Name]
        );
        assert_eq!(
            parse_columns("name,calls,name").unwrap_err(),
            "call summary column has been provided more than once: 'name' \
             (-U option residual: 'name')"
        );
        assert_eq!(
            parse_columns("bogus").unwrap_err(),
            "unknown column name: 'bogus'"
        );
        assert!(parse_columns("none").is_err());
        assert!(parse_columns("").is_err());
    }

    #[test]
    fn overheads() {
        assert_eq!(parse_overhead("1"), Ok(1_000));
        assert_eq!(parse_overhead("1us"), Ok(1_000));
        assert_eq!(parse_overhead("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_overhead("7ns"), Ok(7));
        assert_eq!(parse_overhead("0.25s"), Ok(250_000_000));
        for bad in ["", "x", "1x", "1..2", ".", "-1"] {
            assert!(parse_overhead(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".{0,40}") {
            let _ = parse_overhead(&s);
            let _ = parse_columns(&s);
            let _ = parse_sort(&s);
        }
    }
}
