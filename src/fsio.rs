//! The one home for file I/O: a bounded read of a regular file (optionally confined to a
//! directory), an atomic write that replaces only a regular file (never a link, device, FIFO or
//! directory), and an append that starts on a line of its own. Every promise docs/security.md
//! makes about files ccauth reads or writes rests on these three functions. A bottom utility: it
//! imports nothing of ccauth.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why [`read_text`] read nothing. Callers word it for their users (a settings file, a CI file).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is {kind}, not a regular file", .path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{} resolves outside {}", .path.display(), .root.display())]
    Outside { path: PathBuf, root: PathBuf },
    #[error("{} is {len} bytes, more than the {limit} allowed", .path.display())]
    TooLarge { path: PathBuf, len: u64, limit: u64 },
    #[error("{} grew past {limit} bytes while being read", .path.display())]
    Grew { path: PathBuf, limit: u64 },
    #[error("{} contains NUL bytes", .path.display())]
    Binary { path: PathBuf },
    #[error("{} is not valid UTF-8 (at byte {at})", .path.display())]
    NotUtf8 { path: PathBuf, at: usize },
}

/// Reads a text file with bounds: `Ok(None)` when it does not exist; only a regular file (a
/// symlink to one is fine), opened without blocking and checked again on the handle (a FIFO
/// swapped in after the check cannot hang the open); at most `limit` bytes, found before
/// anything is allocated; no NUL bytes; UTF-8. With `confine_to`, the file must resolve (after
/// symlinks) inside that directory.
pub fn read_text(
    path: &Path,
    limit: u64,
    confine_to: Option<&Path>,
) -> Result<Option<String>, ReadError> {
    let io_err = |source: io::Error| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(e)),
    };
    if let Some(root) = confine_to {
        let real = path.canonicalize().map_err(io_err)?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if !real.starts_with(&root) {
            return Err(ReadError::Outside {
                path: path.to_owned(),
                root,
            });
        }
    }
    let not_regular = |t: &fs::FileType| ReadError::NotRegular {
        path: path.to_owned(),
        kind: describe(t),
    };
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    let file = open_nonblocking(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            len: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew {
            path: path.to_owned(),
            limit,
        });
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary {
            path: path.to_owned(),
        });
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| ReadError::NotUtf8 {
            path: path.to_owned(),
            at: e.utf8_error().valid_up_to(),
        })
}

/// Reads at most `limit` bytes of UTF-8 from a stream (standard input), whole or not at all.
pub fn read_stream(reader: impl Read, limit: u64) -> io::Result<Result<String, ReadLimit>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(ReadLimit::TooLarge));
    }
    Ok(String::from_utf8(bytes).map_err(|_| ReadLimit::NotUtf8))
}

/// Why [`read_stream`] gave no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadLimit {
    TooLarge,
    NotUtf8,
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblock_flag())
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// Who may read a file [`write_atomic`] creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `0600`: a token, a credential file.
    Private,
    /// `0644`: a report meant for an upload step.
    Shared,
}

/// Why a destination was refused, or what failed while writing it.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is a symbolic link; ccauth does not write through links (remove it, or name the file it points to)", .0.display())]
    Link(PathBuf),
    #[error("{} is {kind}, not a regular file; it was left untouched", .0.display(), kind = .1)]
    NotRegular(PathBuf, &'static str),
    #[error("{} exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("the directory {} does not exist", .0.display())]
    NoDirectory(PathBuf),
    #[error("{what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

/// What is at a path now, without following a final symlink.
fn kind(path: &Path) -> Result<Option<fs::FileType>, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Io {
            what: "inspecting",
            path: path.to_owned(),
            source,
        }),
    }
}

/// A file type in words, for refusals.
pub fn describe(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// The directory a file at `path` goes in (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks that [`write_atomic`] may write `path`: nothing there, or a regular file when
/// `replace`; never a link or a special file; its directory exists.
pub fn check_destination(path: &Path, replace: bool) -> Result<(), WriteError> {
    match kind(path)? {
        None => {}
        Some(t) if t.is_symlink() => return Err(WriteError::Link(path.to_owned())),
        Some(t) if !t.is_file() => {
            return Err(WriteError::NotRegular(path.to_owned(), describe(&t)))
        }
        Some(_) if !replace => return Err(WriteError::Exists(path.to_owned())),
        Some(_) => {}
    }
    let dir = parent_of(path);
    if !dir.is_dir() {
        return Err(WriteError::NoDirectory(dir));
    }
    Ok(())
}

/// Writes `contents` to `path` atomically: a temporary file beside it, synced, then renamed over
/// it (a rename replaces a name, never what a link points to). Refuses a link or a special file
/// at `path`, and an existing file unless `replace`, leaving it untouched.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    access: Access,
    replace: bool,
) -> Result<(), WriteError> {
    check_destination(path, replace)?;
    let dir = parent_of(path);
    let io = |what: &'static str, p: &Path| {
        let p = p.to_owned();
        move |source| WriteError::Io {
            what,
            path: p,
            source,
        }
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ccauth-")
        .tempfile_in(&dir)
        .map_err(io("creating a temporary file in", &dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match access {
            Access::Private => 0o600,
            Access::Shared => 0o644,
        };
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(io("setting the mode of", tmp.path()))?;
    }
    tmp.write_all(contents).map_err(io("writing", path))?;
    tmp.as_file().sync_all().map_err(io("syncing", path))?;
    let persisted = if replace {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map_err(|e| WriteError::Io {
        what: "writing",
        path: path.to_owned(),
        source: e.error,
    })?;
    Ok(())
}

/// Appends `text` to `path` (created when missing), starting on a line of its own when the file
/// does not end with a line break: the runner reads `$GITHUB_ENV` and `$GITHUB_OUTPUT` line by
/// line, and a previous `printf 'FOO=bar'` would otherwise swallow the first line. Only a
/// regular file is appended to (a FIFO would block, a device is not a report); it is opened
/// without blocking and its type checked on the open handle.
pub fn append(path: &Path, text: &[u8]) -> Result<(), WriteError> {
    let io = |what: &'static str| {
        let p = path.to_owned();
        move |source| WriteError::Io {
            what,
            path: p,
            source,
        }
    };
    let mut options = fs::OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(nonblock_flag());
    }
    let mut file = options.open(path).map_err(io("opening"))?;
    let meta = file.metadata().map_err(io("inspecting"))?;
    if !meta.is_file() {
        return Err(WriteError::NotRegular(
            path.to_owned(),
            describe(&meta.file_type()),
        ));
    }
    let len = meta.len();
    let mut out = Vec::with_capacity(text.len() + 1);
    if len > 0 && last_byte(&file, len).map_err(io("reading"))? != b'\n' {
        out.push(b'\n');
    }
    out.extend_from_slice(text);
    file.write_all(&out).map_err(io("appending to"))?;
    file.flush().map_err(io("appending to"))
}

#[cfg(unix)]
fn last_byte(file: &fs::File, len: u64) -> io::Result<u8> {
    use std::os::unix::fs::FileExt;
    let mut b = [0u8; 1];
    file.read_exact_at(&mut b, len - 1)?;
    Ok(b[0])
}

#[cfg(not(unix))]
fn last_byte(file: &fs::File, len: u64) -> io::Result<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file.try_clone()?;
    f.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8; 1];
    f.read_exact(&mut b)?;
    Ok(b[0])
}

/// `O_NONBLOCK`: opening a FIFO with it does not wait for a writer or reader.
#[cfg(unix)]
fn nonblock_flag() -> i32 {
    i32::try_from(rustix::fs::OFlags::NONBLOCK.bits()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_starts_a_line_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("env");
        fs::write(&p, "FOO=bar").unwrap();
        append(&p, b"A=1\n").unwrap();
        append(&p, b"B=2\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "FOO=bar\nA=1\nB=2\n");
        let fresh = dir.path().join("new");
        append(&fresh, b"X=1\n").unwrap();
        assert_eq!(fs::read_to_string(&fresh).unwrap(), "X=1\n");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_and_links_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(
            write_atomic(&link, b"x", Access::Private, true),
            Err(WriteError::Link(_))
        ));
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        for (special, what) in [("/dev/null", "a character device"), ("/tmp", "a directory")] {
            let err = write_atomic(Path::new(special), b"x", Access::Private, true).unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        assert!(matches!(
            write_atomic(Path::new("/proc/self/fd/1"), b"x", Access::Private, true),
            Err(WriteError::Link(_))
        ));
        assert!(matches!(
            write_atomic(&target, b"x", Access::Private, false),
            Err(WriteError::Exists(_))
        ));
        write_atomic(&target, b"new", Access::Shared, true).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let err = append(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(matches!(err, WriteError::NotRegular(..)), "{err}");
    }
}
