namespace ByokAgent.Testing.Recording;

/// <summary>The requests a provider received, in arrival order, with waiters for a count to be reached.</summary>
/// <remarks>Thread-safe: Kestrel records from many connections while a test reads snapshots.</remarks>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Add(RecordedRequest request)
    {
        List<TaskCompletionSource>? reached = null;
        lock (_gate)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _requests.Count)
                {
                    (reached ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock; RunContinuationsAsynchronously keeps waiters off Kestrel's request thread.
        reached?.ForEach(signal => signal.TrySetResult());
    }

    public Task WaitForCountAsync(int count, CancellationToken cancellationToken)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        // A cancelled waiter stays in the list until the count is reached; completing it then is harmless.
        return signal.Task.WaitAsync(cancellationToken);
    }
}
