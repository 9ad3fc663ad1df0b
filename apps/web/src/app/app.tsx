export function App() {
  return <main>Tagwire</main>;
}
