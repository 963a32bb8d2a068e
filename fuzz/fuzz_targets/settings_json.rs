//! Settings files and inline `--settings` JSON: parse, locate every key, read the env block.
#![no_main]
use ccauth::claude::files::{parse_json_object, pointer, SettingsFile};
use ccauth::claude::Origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for path in [Some("/fuzz/settings.json".into()), None] {
        let Ok(doc) = parse_json_object(path, text.to_owned()) else {
            continue;
        };
        let _ = doc.locate(&pointer(["env", "ANTHROPIC_API_KEY"]));
        let file = SettingsFile {
            origin: Origin::SettingsProject,
            owner: None,
            doc,
        };
        let (entries, _) = file.env_entries();
        for (name, _, _) in entries {
            let _ = file.doc.locate(&pointer(["env", name.as_str()]));
        }
        let _ = file.string_setting("apiKeyHelper");
    }
});
