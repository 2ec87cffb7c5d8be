/** Deterministic HR records for the stand-ins (no real people). */
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Operations'];
const LOCATIONS = ['Berlin', 'Paris', 'Lisbon', 'Warsaw'];
const GENDERS = ['Female', 'Male', 'Nonbinary'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface StandInEmployee {
  id: string;
  displayName: string;
  department: string;
  gender: string;
  age: number;
  hireDate: string;
  location: string;
  salary: number;
}

export function standInEmployees(n: number, firstId = 100001): StandInEmployee[] {
  const out: StandInEmployee[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: String(firstId + i),
      displayName: `Person ${firstId + i}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      gender: GENDERS[(i * 7) % GENDERS.length],
      age: 22 + ((i * 13) % 40),
      hireDate: `${2015 + (i % 9)}-${pad(1 + (i % 12))}-${pad(1 + ((i * 3) % 28))}`,
      location: LOCATIONS[(i * 5) % LOCATIONS.length],
      salary: 40000 + ((i * 7919) % 60000),
    });
  }
  return out;
}
