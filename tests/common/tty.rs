//! Running the binary on a real terminal (a pseudo-terminal), where colour is allowed.

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};

/// Runs `cmd` with stdout and stderr on a new pseudo-terminal (stdin closed) and returns all it
/// wrote there. No `script` or other program needed.
pub fn output_on_tty(mut cmd: Command) -> Vec<u8> {
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two file descriptors into the given integers; the name, termios and
    // window size arguments may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let err = slave.try_clone().unwrap();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("spawns");
    // The parent's copies of the slave are gone with `cmd`'s, so reading ends (EIO) once the
    // child has exited.
    drop(cmd);
    let mut out = Vec::new();
    let mut reader = std::fs::File::from(master);
    let mut buf = [0u8; 4096];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    child.wait().expect("waits");
    out
}
