// Each browser test starts its own app and drives a real Chromium; run side by side on a 2-core CI machine
// they starve each other (the air-data import in one test held up a sign-in in another past Playwright's 30 s).
// One at a time, they stay well inside the timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
