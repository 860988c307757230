namespace WinBack.Packaging;

public static class Program
{
    public static int Main(string[] args) => 0;
}
