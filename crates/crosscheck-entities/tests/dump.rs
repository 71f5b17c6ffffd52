#[test]
#[ignore]
fn dump() {
    use crosscheck::ingest::{build_from_text, IngestOptions};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut out = String::new();
    let mut qs = String::new();
    for p in names {
        let raw = std::fs::read_to_string(&p).unwrap();
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let doc = build_from_text(&id, &raw, &IngestOptions::default()).unwrap();
        out += &format!("=== {id}\n");
        let ms = crosscheck_entities::mentions(&doc.text);
        for m in &ms {
            out += &format!("{:?}\t{}\t{:?}\t{:?}\n", m.kind, m.name, m.roles, m.place);
        }
        for (i, q) in crosscheck_entities::quotes(&doc.text, &ms)
            .iter()
            .enumerate()
        {
            qs += &format!(
                "{id} Q{i} [{}] <{:?}> cont={:?} cue={:?}\n   {}\n",
                q.speaker.as_ref().map_or("-".to_string(), |s| format!(
                    "{} ({:?}) src={:?}",
                    s.name,
                    s.kind,
                    s.source.slice(&doc.text)
                )),
                q.speaker.as_ref().and_then(|s| s.mention),
                q.continues,
                q.cue.map(|c| c.slice(&doc.text)),
                q.text
            );
        }
    }
    std::fs::write("/tmp/ent_work/mentions.txt", out).unwrap();
    std::fs::write("/tmp/ent_work/quotes.txt", qs).unwrap();
}
