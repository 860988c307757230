namespace WinBack.Core
{
    public static class Placeholder { }
}
