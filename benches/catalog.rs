//! Micro-benchmarks of the read path (issue 6), on synthetic catalogues of 1k and 10k specs
//! made in memory by `spectrack::synth` (the generator behind `examples/gencat.rs`).
//!
//! - `check`: parse and validate the text (`spectrack::catalog::check`), what every command
//!   pays before it answers;
//! - `status`: derive every spec's status as of the reference day (`Catalog::status`), what
//!   `list` and `pending` pay on top.
//!
//! Run: `cargo bench --bench catalog` (add `-- check` or `-- status` to pick one).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spectrack::synth;

const SIZES: [usize; 2] = [1_000, 10_000];

fn text(specs: usize) -> String {
    synth::catalogue(specs, 1).expect("the benchmark sizes are above the minimum")
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for specs in SIZES {
        let text = text(specs);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(specs), &text, |b, text| {
            b.iter(|| spectrack::catalog::check(black_box(text)))
        });
    }
    group.finish();
}

fn status(c: &mut Criterion) {
    let day = spectrack::date::parse_day(synth::REFERENCE_DAY).expect("a valid day");
    let mut group = c.benchmark_group("status");
    group.sample_size(50);
    for specs in SIZES {
        let text = text(specs);
        let arena = spectrack::catalog::Arena::new();
        let catalog = spectrack::catalog::check_in(&text, &arena)
            .catalog
            .expect("a synthetic catalogue parses");
        group.throughput(Throughput::Elements(specs as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(specs),
            &catalog,
            |b, catalog| {
                b.iter(|| {
                    catalog
                        .specs()
                        .filter_map(|spec| catalog.status(spec, black_box(day)))
                        .filter(|status| status.pending)
                        .count()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, check, status);
criterion_main!(benches);
