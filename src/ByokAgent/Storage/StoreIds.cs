namespace ByokAgent.Storage;

/// <summary>Ids of stored things: a type prefix (so a pasted id says what it is) and a version 7 GUID.</summary>
/// <remarks>Version 7 GUIDs start with their creation time, so ids sort roughly by age and index well.</remarks>
internal static class StoreIds
{
    public static string NewProjectId(DateTimeOffset now) => "prj_" + Guid.CreateVersion7(now).ToString("N");

    public static string NewModelConfigId(DateTimeOffset now) => "mc_" + Guid.CreateVersion7(now).ToString("N");

    public static string NewSessionId(DateTimeOffset now) => "ses_" + Guid.CreateVersion7(now).ToString("N");
}
