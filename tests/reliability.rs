//! Nothing lost, same answer: outputs are byte-identical across runs and thread counts, an
//! interrupted run leaves the previous outputs intact, and inputs are never modified.

use std::path::Path;
use std::process::{Command, Stdio};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");

fn run(args: &[&str], threads: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn outputs_are_identical_across_runs_and_thread_counts_and_inputs_untouched() {
    let before = snapshot(Path::new(DEMO));
    let mut outs = Vec::new();
    for threads in ["1", "2", "2"] {
        let dir = tempfile::tempdir().unwrap();
        let o = dir.path().to_str().unwrap().to_string();
        run(&["forecast", DEMO, "--out", &o], threads);
        run(&["size", DEMO, "--out", &o], threads);
        run(&["roster", DEMO, "--out", &o], threads);
        outs.push((snapshot(dir.path()), dir));
    }
    assert_eq!(
        outs[0].0.len(),
        4,
        "forecast, requirements, roster, coverage"
    );
    assert!(outs[0].0 == outs[1].0, "1 thread and 2 threads differ");
    assert!(outs[1].0 == outs[2].0, "two runs differ");
    assert!(before == snapshot(Path::new(DEMO)), "an input file changed");
}

#[test]
fn an_interrupted_run_leaves_the_previous_outputs_intact() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    run(&["roster", DEMO, "--out", o], "2");
    let before = snapshot(dir.path());
    // Interrupt a second run while it solves (a week later: different roster).
    for delay_ms in [50u64, 400, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_seatplan"))
            .args(["roster", DEMO, "--out", o, "--week", "2026-01-12"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Every output file is either the previous one or a complete new one, never partial.
        for (name, bytes) in snapshot(dir.path()) {
            if name.starts_with('.') {
                continue; // a temporary file of the killed writer
            }
            let old = before.iter().find(|(n, _)| *n == name).map(|x| &x.1);
            let complete = String::from_utf8_lossy(&bytes).ends_with('\n');
            assert!(
                Some(&bytes) == old || complete,
                "{name} half-written after kill at {delay_ms} ms"
            );
        }
    }
}
