"""Write-audit-publish: what is published, and the atomic swap that publishes it."""
