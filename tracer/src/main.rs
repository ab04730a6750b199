fn main() {
    println!("syscall-tracer");
}
