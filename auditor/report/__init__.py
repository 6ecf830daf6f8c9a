"""The quarterly inspection report: data, charts, rendering and integrity."""
