// Each class starts a whole region (control plane, render hosts, lavapipe): run them one after another,
// so that on a 2-core machine no host is starved into missing its heartbeats.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
