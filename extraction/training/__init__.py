"""Training of the `learned` engine (`claimdesk train`): inputs, labels, spaCy training,
threshold tuning and the model directory. Sits above evaluation and below the CLI; the
engine reads the model directory and never imports this package."""
