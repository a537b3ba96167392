/**
 * The per-run test hook of machine.md §11.4 check 5 (Rust `force_invalid_wave_certificate_once`):
 * when armed, the run's first certificate check fails, so that round falls back to one canonical
 * step (§11.6).
 */
export class CertificateHook {
  constructor(private armed: boolean) {}

  /** Whether this check is forced to fail (true at most once per hook). */
  forceInvalid(): boolean {
    const f = this.armed;
    this.armed = false;
    return f;
  }
}
