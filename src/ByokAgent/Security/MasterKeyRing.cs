namespace ByokAgent.Security;

/// <summary>The master key in use, replaceable by a rotation while the process runs.</summary>
/// <remarks>
/// Thread-safe. After a rotation the previous key is kept in memory only to unwrap data keys a reader loaded just
/// before the rotation committed; it is never used to wrap anything and never persisted.
/// </remarks>
internal sealed class MasterKeyRing
{
    private readonly Lock _lock = new();
    private MasterKey _current;
    private MasterKey? _previous;

    public MasterKeyRing(MasterKey key, MasterKeySource source)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(source);
        _current = key;
        Source = source;
    }

    /// <summary>Where the key came from, for messages and for persisting a rotated key.</summary>
    public MasterKeySource Source { get; }

    /// <summary>The key that wraps data keys now.</summary>
    public MasterKey Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>The key replaced by the last rotation in this process, if any.</summary>
    public MasterKey? Previous
    {
        get
        {
            lock (_lock)
            {
                return _previous;
            }
        }
    }

    /// <summary>Makes <paramref name="newKey"/> current, once the store holds data keys wrapped by it.</summary>
    public void Replace(MasterKey newKey)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        lock (_lock)
        {
            _previous = _current;
            _current = newKey;
        }
    }
}
