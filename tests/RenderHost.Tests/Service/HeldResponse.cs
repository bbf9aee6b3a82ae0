namespace ArrHost.RenderHost.Tests.Service;

/// <summary>A model server response that waits for the test: it knows when the host asked for it, and answers when released.</summary>
internal sealed class HeldResponse
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the host's request has reached the server.</summary>
    public Task Arrived => _arrived.Task;

    public Task Released => _released.Task;

    public void OnArrived() => _arrived.TrySetResult();

    public void Release() => _released.TrySetResult();
}
