//! Micro-benchmarks of the read path (issue 6), on synthetic catalogues of 1k and 10k specs
//! made in memory by `spectrack-synth` (the dev-only generator behind `examples/gencat.rs`).
//!
//! - `check`: read and validate the text (`spectrack::catalog::check_in`), what every
//!   command pays before it answers;
//! - `validate`: validation alone, on a catalogue already read (so reading costs `check`
//!   less this);
//! - `status`: derive every spec's status as of the reference day (`Catalog::status`), what
//!   `list` and `pending` pay on top;
//! - `render`: select the pending specs, sorted, and print them as `pending --format json`
//!   does, into memory.
//!
//! Run: `cargo bench --bench catalog` (add `-- check`, `-- validate`, `-- status` or
//! `-- render` to pick one).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spectrack::catalog::{Arena, Catalog, check_in};
use spectrack::report::{Filter, SortKey, SpecList, select};
use spectrack_synth as synth;

const SIZES: [usize; 2] = [1_000, 10_000];

fn text(specs: usize) -> String {
    synth::catalogue(specs, 1).expect("the benchmark sizes are above the minimum")
}

fn day() -> jiff::civil::Date {
    spectrack::date::parse_day(synth::REFERENCE_DAY).expect("a valid day")
}

/// Runs `bench` on the catalogue of each size, read once.
fn with_catalogue(
    c: &mut Criterion,
    name: &str,
    samples: usize,
    bench: impl Fn(&mut criterion::Bencher<'_>, &Catalog<'_>),
) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    for specs in SIZES {
        let text = text(specs);
        let arena = Arena::new();
        let catalog = check_in(&text, &arena)
            .catalog
            .expect("a synthetic catalogue is read");
        group.throughput(Throughput::Elements(specs as u64));
        group.bench_with_input(BenchmarkId::from_parameter(specs), &catalog, &bench);
    }
    group.finish();
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for specs in SIZES {
        let text = text(specs);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(specs), &text, |b, text| {
            b.iter(|| {
                let arena = Arena::new();
                check_in(black_box(text), &arena).diagnostics.len()
            })
        });
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    with_catalogue(c, "validate", 20, |b, catalog| {
        b.iter(|| spectrack::catalog::validate(black_box(catalog)).len())
    });
}

fn status(c: &mut Criterion) {
    let day = day();
    with_catalogue(c, "status", 50, |b, catalog| {
        b.iter(|| {
            catalog
                .specs()
                .filter_map(|spec| catalog.status(spec, black_box(day)))
                .filter(|status| status.pending)
                .count()
        })
    });
}

fn render(c: &mut Criterion) {
    let day = day();
    let filter = Filter {
        pending: true,
        ..Filter::default()
    };
    let style = spectrack::render::Style {
        color: false,
        width: None,
    };
    with_catalogue(c, "render", 20, |b, catalog| {
        b.iter(|| {
            let selected = select(catalog, day, &filter, SortKey::Overdue);
            let report = SpecList::new(catalog, selected, day, true, false);
            let mut out = Vec::new();
            spectrack::render::write(&report, spectrack::render::Format::Json, style, &mut out)
                .expect("writing to memory");
            out.len()
        })
    });
}

criterion_group!(benches, check, validate, status, render);
criterion_main!(benches);
