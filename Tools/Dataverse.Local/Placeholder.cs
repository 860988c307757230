namespace Dataverse.Local;
public static class DataverseLocalPlaceholder { }
