"""Services the front ends share: settings and paths, the workspace, the run service."""
